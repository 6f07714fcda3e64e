// Floor of the dry run: read and parse every session file, nothing else.
// Usage: node bench/floor-read.mjs <legacyRoot>
import { readAndParseSessions } from './floor-sessions.mjs';

const [legacyRoot] = process.argv.slice(2);
console.log(JSON.stringify({ records: readAndParseSessions(legacyRoot).length }));
