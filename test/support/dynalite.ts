/** The tests' store: the same embedded dynalite `npm start` runs, in memory (infra/local/embeddedDynalite.ts). */
export {
  type DynaliteHandle,
  type StartDynaliteOptions,
  startDynalite,
} from "../../infra/local/embeddedDynalite";
