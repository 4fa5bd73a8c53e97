export interface EmulatedAccessPackage {
  readonly id: string;
  readonly displayName: string;
}

/** An access package catalog and the access packages in it (an access package is in one catalog). */
export interface EmulatedCatalog {
  readonly id: string;
  readonly displayName: string;
  readonly accessPackages: readonly EmulatedAccessPackage[];
}
