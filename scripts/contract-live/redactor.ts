/** Keeps credentials out of everything a live run prints. */
export interface SecretRedactor {
  /** Adds a secret to hide (ignored when empty or shorter than 8 characters). */
  add(secret: string | undefined): void;
  /** The text with every known secret replaced by `[redacted]`. */
  redact(text: string): string;
}

const MIN_SECRET_LENGTH = 8;

/** A {@link SecretRedactor} that starts with `secrets`. */
export function createSecretRedactor(secrets: ReadonlyArray<string | undefined>): SecretRedactor {
  const known = new Set<string>();
  const add = (secret: string | undefined) => {
    if (secret && secret.length >= MIN_SECRET_LENGTH) known.add(secret);
  };
  secrets.forEach(add);
  return {
    add,
    redact: (text) => {
      let out = text;
      // Longest first, so a secret that contains another is hidden whole.
      for (const secret of [...known].sort((a, b) => b.length - a.length)) out = out.split(secret).join("[redacted]");
      return out;
    },
  };
}
