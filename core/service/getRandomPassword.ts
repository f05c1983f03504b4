import { InternalFailureError, InvalidParameterError } from "../errors";

/** The character types of GetRandomPassword (reference section 3: lowercase, uppercase, digits, punctuation). */
export const PASSWORD_CHARACTER_TYPES = {
  lowercase: "abcdefghijklmnopqrstuvwxyz",
  uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  numbers: "0123456789",
  /** All 32 ASCII punctuation characters. */
  punctuation: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
} as const;

/** What GetRandomPassword needs from the outside: a cryptographically secure random source. */
export interface RandomPasswordDeps {
  readonly randomBytes: (size: number) => Uint8Array;
}

/** The validated GetRandomPassword request (defaults already applied). */
export interface RandomPasswordInput {
  /** 8 to 128. */
  readonly passwordLength: number;
  readonly excludeCharacters?: string;
  readonly excludeLowercase: boolean;
  readonly excludeUppercase: boolean;
  readonly excludeNumbers: boolean;
  readonly excludePunctuation: boolean;
  readonly requireEachIncludedType: boolean;
}

/** More attempts than RequireEachIncludedType can plausibly need (8 characters, one type of one character: ~8). */
const MAX_ATTEMPTS = 1000;

/**
 * GetRandomPassword (Alibaba KMS 2016-01-20): a password of `passwordLength` characters drawn uniformly from the
 * included types minus `excludeCharacters`. Each character is an unbiased pick (rejection sampling over random
 * bytes); with `requireEachIncludedType`, passwords lacking a type are drawn again, which keeps the result uniform
 * over the passwords that qualify.
 *
 * @throws InvalidParameterError when the exclusions leave no character to draw from.
 */
export function getRandomPassword(
  deps: RandomPasswordDeps,
  input: RandomPasswordInput,
): { randomPassword: string } {
  const excluded = new Set(input.excludeCharacters ?? "");
  const chosen = [
    input.excludeLowercase ? "" : PASSWORD_CHARACTER_TYPES.lowercase,
    input.excludeUppercase ? "" : PASSWORD_CHARACTER_TYPES.uppercase,
    input.excludeNumbers ? "" : PASSWORD_CHARACTER_TYPES.numbers,
    input.excludePunctuation ? "" : PASSWORD_CHARACTER_TYPES.punctuation,
  ];
  const types = chosen
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(""))
    .filter((t) => t !== "");
  const alphabet = types.join("");
  /* Precondition: the exclusions leave at least one character. */
  if (alphabet === "") {
    throw new InvalidParameterError(
      input.excludeCharacters ? "ExcludeCharacters" : "ExcludePunctuation",
      "The exclusions leave no character to build a password from.",
    );
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const password = drawUniform(deps, alphabet, input.passwordLength);
    if (
      !input.requireEachIncludedType ||
      types.every((type) => [...type].some((c) => password.includes(c)))
    ) {
      return { randomPassword: password };
    }
  }
  throw new InternalFailureError({ cause: "GetRandomPassword: no qualifying password after many attempts" });
}

/** `length` characters of `alphabet`, each uniform: bytes at or above the largest multiple of its size are skipped. */
function drawUniform(deps: RandomPasswordDeps, alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let password = "";
  while (password.length < length) {
    const bytes = deps.randomBytes(2 * (length - password.length));
    try {
      for (const byte of bytes) {
        if (byte < limit && password.length < length) password += alphabet[byte % alphabet.length];
      }
    } finally {
      bytes.fill(0);
    }
  }
  return password;
}
