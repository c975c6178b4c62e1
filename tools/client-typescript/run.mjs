// Runs the scenario with the compiled client: node run.mjs <base URL> <moderator email> <moderator password>
import { run } from "./dist/src/scenario.js";

const [baseUrl, email, password] = process.argv.slice(2);
await run(baseUrl, { email, password }, (line) => console.log(line));
