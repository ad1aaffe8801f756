// Validates API documents (Swagger 2.0, OpenAPI 3.x) with @readme/openapi-parser, offline.
//   node tests/Contract.Tests/validate-openapi.mjs <document.json>...
// Prints each document's errors and warnings; exits 1 if any document is invalid, 2 on bad usage.
// Every rule stays an error: Power Platform and other importers refuse what the validator refuses.
import { readFile } from 'node:fs/promises';
import { validate, compileErrors } from '@readme/openapi-parser';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate-openapi.mjs <document.json>...');
  process.exit(2);
}

let failed = false;
for (const file of files) {
  // Parsed here and handed over as an object, so the validator resolves no file or URL of its own.
  const document = JSON.parse(await readFile(file, 'utf8'));
  const result = await validate(document);
  if (!result.valid) {
    failed = true;
  }

  console.log(`${file}: ${result.valid ? 'valid' : 'INVALID'}`);
  if (!result.valid || result.warnings.length > 0) {
    console.log(compileErrors(result));
  }
}

process.exit(failed ? 1 : 0);
