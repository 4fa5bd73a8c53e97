// The product runs on Node.js 22 in Azure; a green run on any other major would prove nothing.
export function setup(): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== 22) {
    throw new Error(
      `Tests must run on Node.js 22, not ${process.version}. Run them through "npm test", which puts the pinned Node 22 from devDependencies first on PATH.`,
    );
  }
}
