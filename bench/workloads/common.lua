-- Shared by the wrk scripts of bench/workloads (wrk 4, LuaJIT). A workload script does
--   local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
-- and gets the data contract's numbers from the environment, the values files, the request builders of every
-- workload (so that W7 mixes exactly what W1..W6 send) and wrk's setup/init/done callbacks.
--
-- Environment: BENCH_DIR (this folder), BENCH_A (associations), BENCH_P (published listings), BENCH_SEED
-- (random seed, default 1), BENCH_POOL_RANDOM_FIRST, BENCH_POOL_HOT_FIRST (first match number of each W6 pool),
-- BENCH_POOL_BLOCK (pool proposals each wrk thread may take: pool size / threads), BENCH_TOKEN (W1a's access token).

local bench = {}

bench.dir = os.getenv("BENCH_DIR") or "bench/workloads"

local function number(name, default)
  local value = tonumber(os.getenv(name) or "")
  if value == nil then
    if default == nil then
      error(name .. " is not set")
    end
    return default
  end
  return value
end

bench.number = number

-- bench_id(kind, n) of the data contract.
function bench.id(kind, n)
  return string.format("%08x-%04x-4000-8000-000000000000", n, kind)
end

function bench.api_key(association)
  return "rsk_bench_" .. association
end

-- The records of a values file: a header line of tab-separated column names, then one record a line.
function bench.values(name)
  local file = assert(io.open(bench.dir .. "/" .. name .. ".values", "r"))
  local columns, records = nil, {}
  for line in file:lines() do
    if line ~= "" then
      local fields = {}
      for field in (line .. "\t"):gmatch("([^\t]*)\t") do
        fields[#fields + 1] = field
      end
      if columns == nil then
        columns = fields
      else
        local record = {}
        for i, column in ipairs(columns) do
          record[column] = fields[i]
        end
        records[#records + 1] = record
      end
    end
  end
  file:close()
  return records
end

function bench.urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function pick(list)
  return list[math.random(1, #list)]
end

local function get(path, headers)
  return wrk.format("GET", path, headers)
end

-- The workloads. Each builder returns one request; the distributions are those of the pgbench scripts.

function bench.w0()
  return get("/health/live")
end

-- W1: a published listing, n = random(1, P).
function bench.w1()
  return get("/api/v1/listings/" .. bench.id(2, math.random(1, number("BENCH_P"))))
end

-- W1a: the same read by a signed-in member, with the access token bench/run put into BENCH_TOKEN.
local token = nil

function bench.w1a()
  token = token or os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
  return get("/api/v1/listings/" .. bench.id(2, math.random(1, number("BENCH_P"))), { Authorization = "Bearer " .. token })
end

-- W2: a search page by category and kind (W2.values, uniform). Every third W2 request of a thread is the next
-- page of the last W2 first page whose answer arrived (see bench.remember_page), like the pgbench clients.
local w2_values, w2_count, w2_next = nil, 0, nil

function bench.w2()
  w2_values = w2_values or bench.values("W2")
  w2_count = w2_count + 1
  if w2_count % 3 == 0 and w2_next ~= nil then
    local page = w2_next
    w2_next = nil
    return get("/api/v1/listings?category=" .. page.category .. "&kind=" .. page.kind .. "&cursor=" .. page.cursor)
  end
  local v = pick(w2_values)
  return get("/api/v1/listings?category=" .. v.category .. "&kind=" .. v.kind)
end

-- Keeps the cursor of a W2 page: its hits have neither distance nor relevance (W3 and W4 hits have one), and
-- all of them the category and kind asked for, so the first hit names them.
function bench.remember_page(body)
  local cursor = body:match('"nextCursor":"([^"]+)"')
  if cursor == nil or not body:find('"distanceKm":null,"relevance":null', 1, true) then
    return
  end
  local kind = body:match('"kind":"(%a+)"')
  local category = body:match('"category":"(%a+)"')
  if kind ~= nil and category ~= nil then
    w2_next = { cursor = cursor, kind = kind, category = category }
  end
end

-- W3: full-text search for one word of W3.values (uniform), newest first.
local w3_values = nil

function bench.w3()
  w3_values = w3_values or bench.values("W3")
  return get("/api/v1/listings?q=" .. bench.urlencode(pick(w3_values).q))
end

-- W4: listings within 10, 25 or 50 km (uniform) of a place of W4.values (uniform), by its coordinates.
local w4_values, radii = nil, { 10, 25, 50 }

function bench.w4()
  w4_values = w4_values or bench.values("W4")
  local place = pick(w4_values)
  return get("/api/v1/listings?lat=" .. place.lat .. "&lon=" .. place.lon .. "&radiusKm=" .. pick(radii))
end

-- W5: the matches of a published request, n = 4 * random(1, P / 4), asked with its owner's API key.
function bench.w5()
  local n = 4 * math.random(1, math.floor(number("BENCH_P") / 4))
  local owner = 1 + (n - 1) % number("BENCH_A")
  return get("/api/v1/listings/" .. bench.id(2, n) .. "/matches", { ["X-Api-Key"] = bench.api_key(owner) })
end

-- W6: accepts the next fresh proposal of this thread's block of a pool, with the provider's API key.
-- Thread t takes pool indexes t * BLOCK .. t * BLOCK + BLOCK - 1 (match number first + index), like pgbench
-- client t; past its block the thread stops with an error (reset the pools between runs).
local w6_taken = 0

local function offer_of(pool, i)
  if pool == "hot" then
    local k = 1 + i % 50
    return k + math.floor((k - 1) / 3)
  end
  local o = 1 + (i * 7919) % number("BENCH_P")
  if o % 4 == 0 then
    o = o - 1
  end
  return o
end

function bench.w6(pool)
  local block = number("BENCH_POOL_BLOCK")
  w6_taken = w6_taken + 1
  if w6_taken > block then
    error("W6: thread " .. tid .. " used up its " .. block .. " pool proposals; reset the pools or raise BENCH_POOL_BLOCK")
  end
  local first = number(pool == "hot" and "BENCH_POOL_HOT_FIRST" or "BENCH_POOL_RANDOM_FIRST")
  local i = tid * block + w6_taken - 1
  local provider = 1 + (offer_of(pool, i) - 1) % number("BENCH_A")
  return wrk.format("POST", "/api/v1/matches/" .. bench.id(3, first + i) .. "/accept", { ["X-Api-Key"] = bench.api_key(provider) })
end

-- wrk callbacks. setup numbers the threads (global tid in each thread, 0-based); init seeds each thread's
-- random numbers differently and reproducibly.
local threads = 0

function bench.setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function bench.init()
  math.randomseed(number("BENCH_SEED", 1) * 1000 + tid + 1)
end

-- One JSON line on stdout for bench/run.
function bench.done(summary, latency)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"rps":%.2f,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
    summary.requests, summary.duration, seconds > 0 and summary.requests / seconds or 0,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status))
end

-- Installs wrk's callbacks: setup, init, done, the request function and, with_pages, a response function
-- that keeps W2 cursors.
function bench.run(request, with_pages)
  _G.setup = bench.setup
  _G.init = bench.init
  _G.done = bench.done
  _G.request = request
  if with_pages then
    _G.response = function(status, _, body)
      if status == 200 then
        bench.remember_page(body)
      end
    end
  end
end

return bench
