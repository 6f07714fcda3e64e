/** How a user of each channel gets the rewrite to create or upgrade its database and then stop (rewrite-today §6). */
export const START_REWRITE_ONCE =
  'with npm `@aoagents/ao` 0.10.x run `ao daemon` once and stop it with `ao stop`; with the desktop app open it once, ' +
  'quit it and make sure its daemon has stopped (`ao status`)';
