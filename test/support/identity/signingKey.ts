import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import { testCertificate } from "../testCertificate";

/** One RSA signing key of the token issuer: its private half signs, its public JWK is published. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

async function signingKeyOf(privateKey: KeyObject): Promise<SigningKey> {
  const jwk = await exportJWK(createPublicKey(privateKey));
  // The kid is the key's thumbprint, as Entra's are stable per key: same key, same kid, every run.
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: "sig", alg: "RS256" } };
}

/**
 * The committed test certificate's RSA key, which the issuer publishes from start-up: a token
 * minted with it by the CLI is accepted by any issuer the local run starts, without a shared state.
 */
export function committedSigningKey(): Promise<SigningKey> {
  return signingKeyOf(createPrivateKey(readFileSync(testCertificate.keyPath)));
}

/** A fresh RSA-2048 key (tens of milliseconds): for rotation, and for signatures nobody publishes. */
export function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return signingKeyOf(privateKey);
}
