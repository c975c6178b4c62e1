// Every `pattern` in an OpenAPI document compiles as an ECMA-262 regular expression in Unicode mode, the dialect
// JSON Schema prescribes (.NET's \z, for one, is a syntax error there): node check-patterns.mjs <document>
import { readFileSync } from "node:fs";

const document = JSON.parse(readFileSync(process.argv[2], "utf8"));
const failures = [];
let count = 0;

(function walk(node, path) {
  if (node === null || typeof node !== "object") {
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "pattern" && typeof value === "string") {
      count++;
      try {
        new RegExp(value, "u");
      } catch (error) {
        failures.push(`${path}/pattern ${value}: ${error.message}`);
      }
    } else {
      walk(value, `${path}/${key}`);
    }
  }
})(document, "#");

if (failures.length > 0) {
  console.error(`Patterns that are not ECMA-262:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`${count} patterns compile as ECMA-262`);
