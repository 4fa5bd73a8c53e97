/**
 * Finds credentials in text: private keys, Azure connection-string keys, bearer tokens and JWTs,
 * Entra client secrets and a few well-known token formats. A rule may look at what it matched and
 * decide it is a placeholder (`SharedAccessKey=v` in a loopback test connection string is not a
 * key), so findings are things worth a person's attention.
 */
export interface SecretRule {
  readonly name: string;
  readonly pattern: RegExp;
  /** Given the match, whether it looks like a real secret rather than a placeholder. */
  readonly looksReal?: (match: RegExpExecArray) => boolean;
}

export interface SecretFinding {
  readonly rule: string;
  readonly line: number;
  /** The match with its middle masked, so reporting a finding does not leak it again. */
  readonly excerpt: string;
}

const base64Key = (minLength: number) => (match: RegExpExecArray) => {
  const value = match[1] ?? "";
  return value.length >= minLength && /^[A-Za-z0-9+/]+={0,2}$/.test(value);
};

const placeholder = /^(<.*>|\$\{.*\}|\{\{.*\}\}|x+|\*+|redacted|changeme|secret|example|test|dummy|your.*)$/i;

export const secretRules: readonly SecretRule[] = [
  { name: "private key", pattern: /-{5}BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-{5}/g },
  // Real Service Bus and storage keys are 44 and 88 characters of base64.
  { name: "Service Bus / Event Hubs SharedAccessKey", pattern: /SharedAccessKey=([^;"'\s]+)/g, looksReal: base64Key(32) },
  { name: "storage AccountKey", pattern: /AccountKey=([^;"'\s]+)/g, looksReal: base64Key(32) },
  { name: "shared access signature", pattern: /[?&]sig=([A-Za-z0-9%+/=]{30,})/g },
  { name: "JWT", pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { name: "bearer token", pattern: /\bBearer\s+([A-Za-z0-9\-._~+/]{20,}=*)/g },
  // Entra client secrets carry "Q~" after a three-character prefix and a digit.
  { name: "Entra client secret", pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g },
  {
    name: "client secret assignment",
    pattern: /\b(?:client_?secret|AZURE_CLIENT_SECRET)["']?\s*[:=]\s*["']?([^\s"',;]+)/gi,
    // A value that is code (`process.env.X`, `config.secret`, a call) names a secret, it is not one.
    looksReal: (match) => {
      const value = match[1] ?? "";
      return value.length >= 16 && !placeholder.test(value) && !value.includes("(") && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value);
    },
  },
  { name: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { name: "AWS access key id", pattern: /\bAKIA[0-9A-Z]{16}\b/g },
  { name: "Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
];

function masked(text: string): string {
  return text.length <= 12 ? `${text.slice(0, 3)}…` : `${text.slice(0, 10)}…${text.slice(-2)}`;
}

export function findSecrets(text: string, rules: readonly SecretRule[] = secretRules): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const rule of rules) {
    for (const match of text.matchAll(rule.pattern)) {
      if (rule.looksReal !== undefined && !rule.looksReal(match)) continue;
      const line = text.slice(0, match.index).split("\n").length;
      findings.push({ rule: rule.name, line, excerpt: masked(match[0]) });
    }
  }
  return findings;
}
