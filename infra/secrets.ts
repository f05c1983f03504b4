import { settings } from "./stage";

/**
 * The root keyring (DESIGN section 7): JSON `{"primary":"<id>","keys":{"<id>":"<base64 of 32 bytes>"}}`, wrapping
 * every SOFTWARE key's material. Set per stage with `npx sst secret set RootKeys '<json>'` (docs/deploy.md shows how
 * to generate it). SST stores it encrypted and bundles it encrypted into the functions it is linked to;
 * `Resource.RootKeys.value` becomes KEYWARD_ROOT_KEYS. Linked only to functions that wrap or unwrap material.
 */
export const rootKeys = new sst.Secret("RootKeys");

/**
 * The CloudHSM crypto user's PIN, `<user>:<password>` as CloudHSM's PKCS#11 library expects it. Exists only when a
 * CloudHSM cluster is configured (infra/settings.ts), so a stage without an HSM needs no PIN; linked only to the HSM
 * function, where `Resource.HsmPin.value` becomes KEYWARD_HSM_PIN.
 */
export const hsmPin = settings.cloudHsm ? new sst.Secret("HsmPin") : undefined;
