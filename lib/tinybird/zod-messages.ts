// The browser validates with zod/mini (a fraction of zod's size, the same parser), which ships without messages:
// give it zod's English ones so a schema mismatch names what is wrong. Imported for this effect only.
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
