// Seeded ids must be identical on every run so printed ids, benchmark output and test
// expectations can be compared; the kind segment keeps assignment, target and access package ids
// visibly apart when they show up in logs.
export const guidKind = {
  assignment: 0xa551,
  target: 0x7a67,
  accessPackage: 0xacce,
  assignmentRequest: 0x4e91,
  catalog: 0xca7a,
} as const;

export type GuidKind = keyof typeof guidKind;

export function deterministicGuid(kind: GuidKind, scope: number, index: number): string {
  const scopeHex = scope.toString(16).padStart(8, "0");
  const kindHex = guidKind[kind].toString(16);
  const indexHex = index.toString(16).padStart(12, "0");
  return `${scopeHex}-${kindHex}-4000-8000-${indexHex}`;
}
