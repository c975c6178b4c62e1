// An integrator's first scenario against the generated client: two associations register, one offers a room and the
// other asks for one, a moderator approves both listings, the requester finds the offer in the search and among the
// matches of its request, and proposes a match. Every call is typed by the OpenAPI document (generated/api.d.ts).
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/api.js";

type Client = ReturnType<typeof createClient<paths>>;
type Listing = components["schemas"]["ListingResponse"];

export interface Moderator {
  email: string;
  password: string;
}

export async function run(baseUrl: string, moderator: Moderator, log: (line: string) => void): Promise<void> {
  const anonymous = createClient<paths>({ baseUrl });
  const suffix = Math.random().toString(36).slice(2, 10);

  const requester = await register(anonymous, baseUrl, `amal-${suffix}@verein.example`, "Amal Haddad");
  const provider = await register(anonymous, baseUrl, `yonas-${suffix}@gemeinde.example`, "Yonas Berhane");
  const staff = await signIn(anonymous, baseUrl, moderator.email, moderator.password);
  log("registered two users and signed in the moderator");

  await createAssociation(requester, `Syrisch-Deutscher Nachbarschaftsverein ${suffix}`, "60311", "Frankfurt am Main");
  await createAssociation(provider, `Eritreische Gemeinde ${suffix}`, "63065", "Offenbach am Main");
  log("created the two associations (unverified)");

  const evening = nextEvening(21);
  const offer = await createListing(provider, {
    kind: "offer",
    category: "room",
    title: "Gemeinschaftsraum für Veranstaltungen in Offenbach am Main",
    description: "Saal mit Küche und Stühlen für 60 Personen, barrierefrei.",
    contentLanguage: "de",
    details: { capacity: 60, features: ["kitchen", "wheelchair_accessible"] },
    place: { postalCode: "63065", city: "Offenbach", serviceRadiusKm: 25 },
    schedule: { windows: [{ start: evening.start, end: addHours(evening.start, 6) }] },
    terms: { kind: "free" },
  });
  const request = await createListing(requester, {
    kind: "request",
    category: "room",
    title: "Gesucht: Raum für unseren Elternabend in Frankfurt am Main",
    contentLanguage: "de",
    details: { attendees: 28 },
    place: { postalCode: "60311", city: "Frankfurt am Main", maxDistanceKm: 30 },
    schedule: { windows: [evening] },
    terms: { kind: "free" },
  });
  log("created an offer and a request as drafts");

  for (const [owner, listing] of [[provider, offer], [requester, request]] as const) {
    const published = await publish(owner, listing);
    expect(published.status === "pending_review", `an unverified association's listing waits for review, not ${published.status}`);
    const approved = await approve(staff, published);
    expect(approved.status === "published", `the moderator's approval publishes the listing, not ${approved.status}`);
  }
  log("published both listings through the moderator's review");

  const search = await anonymous.GET("/api/v1/listings", {
    params: { query: { kind: "offer", category: "room", near: "Frankfurt am Main", radiusKm: 30, limit: 100 } },
  });
  const hits = ok(search, "search").items;
  expect(hits.some((hit) => hit.listing.id === offer.id), "the search near Frankfurt finds the offer");
  log(`the search near Frankfurt finds the offer among ${hits.length} rooms`);

  const matches = await requester.GET("/api/v1/listings/{id}/matches", { params: { path: { id: request.id }, query: { limit: 50 } } });
  const candidate = ok(matches, "matches").matches.find((match) => match.listingId === offer.id);
  expect(candidate !== undefined, "the offer is among the matches of the request");
  log(`the offer matches the request with score ${candidate?.score}`);

  const proposal = await requester.POST("/api/v1/matches", {
    body: { requestId: request.id, offerId: offer.id, message: "Guten Tag, wir würden Ihren Raum gern für unseren Elternabend nutzen." },
    params: { header: { "Idempotency-Key": `proposal-${suffix}` } },
  });
  const match = ok(proposal, "proposal");
  expect(match.status === "proposed" && match.windows.length === 1, `the proposal books one window, not ${JSON.stringify(match)}`);
  log(`proposed match ${match.id}`);

  const again = await provider.POST("/api/v1/listings/{id}/publish", { params: { path: { id: offer.id } } });
  const problem = again.error;
  expect(again.response.status === 409 && problem !== undefined && "currentStatus" in problem && problem.currentStatus === "published",
    `publishing again is a 409 naming the current status, not ${again.response.status} ${JSON.stringify(problem)}`);
  log("publishing the offer again is a 409 with currentStatus");
}

async function register(anonymous: Client, baseUrl: string, email: string, displayName: string): Promise<Client> {
  const answer = await anonymous.POST("/api/v1/auth/register", {
    body: { email, password: "Kirschbaum-Abendrot-42", displayName, preferredLanguage: "de" },
  });
  return withToken(baseUrl, ok(answer, "registration").tokens.accessToken);
}

async function signIn(anonymous: Client, baseUrl: string, email: string, password: string): Promise<Client> {
  const answer = await anonymous.POST("/api/v1/auth/login", { body: { email, password } });
  return withToken(baseUrl, ok(answer, "sign-in").accessToken);
}

function withToken(baseUrl: string, token: string): Client {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

async function createAssociation(owner: Client, name: string, postalCode: string, city: string): Promise<void> {
  const answer = await owner.POST("/api/v1/associations", {
    body: { name, legalForm: "e.V.", postalCode, city, contactEmail: "kontakt@verein.example", languages: ["de", "ar", "ti"] },
  });
  ok(answer, "association");
}

async function createListing(owner: Client, body: components["schemas"]["CreateListingRequest"]): Promise<Listing> {
  return ok(await owner.POST("/api/v1/listings", { body }), "listing");
}

async function publish(owner: Client, listing: Listing): Promise<Listing> {
  const answer = await owner.POST("/api/v1/listings/{id}/publish", { params: { path: { id: listing.id } } });
  return ok(answer, "publish");
}

async function approve(moderator: Client, listing: Listing): Promise<Listing> {
  const current = await moderator.GET("/api/v1/listings/{id}", { params: { path: { id: listing.id } } });
  const etag = current.response.headers.get("ETag");
  expect(etag !== null, "a listing is served with its ETag");
  const answer = await moderator.POST("/api/v1/admin/listings/{id}/approve", {
    params: { path: { id: listing.id }, header: { "If-Match": etag ?? "" } },
  });
  return ok(answer, "approval");
}

/** The data of a successful answer, or a failure naming the step, the status and the problem. */
function ok<T>(answer: { data?: T; error?: unknown; response: Response }, step: string): T {
  if (answer.data === undefined) {
    throw new Error(`${step}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) {
    throw new Error(`expected: ${what}`);
  }
}

/** A window from 18:00 to 21:00 UTC, the given number of days ahead. */
function nextEvening(days: number): { start: string; end: string } {
  const start = new Date();
  start.setUTCDate(start.getUTCDate() + days);
  start.setUTCHours(18, 0, 0, 0);
  return { start: start.toISOString(), end: addHours(start.toISOString(), 3) };
}

function addHours(instant: string, hours: number): string {
  return new Date(Date.parse(instant) + hours * 3_600_000).toISOString();
}
