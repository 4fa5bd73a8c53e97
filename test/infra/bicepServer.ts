import { spawn } from "node:child_process";
import type { BicepCli } from "./bicepCli";

/**
 * The Bicep CLI's JSON-RPC interface (`bicep jsonrpc --stdio`, stable since Bicep 0.29): the same
 * compiler and snapshot code as `bicep build-params` and `bicep snapshot`, in one process that
 * stays warm. Each CLI call costs ~2.5 s of .NET start-up on this machine; a warm call ~0.2 s.
 */
export interface BicepServer {
  /** bicep/compileParams: what `bicep build-params --stdout` prints, with optional overrides. */
  readonly compileParams: (path: string, parameterOverrides?: Record<string, unknown>) => Promise<CompiledParameters>;
  /** bicep/getSnapshot: what `bicep snapshot` writes to <file>.snapshot.json. */
  readonly getSnapshot: (path: string, metadata: SnapshotMetadata) => Promise<string>;
  readonly close: () => void;
}

export interface CompiledParameters {
  readonly template: string;
  readonly parameters: string;
}

export interface SnapshotMetadata {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly deploymentName: string;
}

interface RpcResponse {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string; readonly data?: { readonly message?: string } };
}

interface Diagnostic {
  readonly source: string;
  readonly level: string;
  readonly code: string;
  readonly message: string;
  readonly range: { readonly start: { readonly line: number; readonly char: number } };
}

/** A request the server answered with an error: its message is the CLI's own. */
export class BicepRpcError extends Error {}

function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.source}(${d.range.start.line + 1},${d.range.start.char + 1}) : ${d.level} ${d.code}: ${d.message}`)
    .join("\n");
}

/** Starts `bicep jsonrpc --stdio` with extra environment variables (readEnvironmentVariable reads them). */
export function startBicepServer(bicep: BicepCli, env: Record<string, string> = {}): BicepServer {
  const child = spawn(bicep.path, ["jsonrpc", "--stdio"], { env: { ...bicep.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  const pending = new Map<number, { resolve: (response: RpcResponse) => void; reject: (error: Error) => void }>();
  let stderr = "";
  let buffered = Buffer.alloc(0);
  let nextId = 0;

  const failAll = (error: Error): void => {
    for (const { reject } of pending.values()) {
      reject(error);
    }
    pending.clear();
  };
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on("error", failAll);
  child.on("exit", (code) => {
    failAll(new Error(`bicep jsonrpc exited (code ${String(code)}):\n${stderr}`));
  });
  // Messages are framed as in the Language Server Protocol: headers, a blank line, a JSON body.
  child.stdout.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const headerEnd = buffered.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        return;
      }
      const length = Number(/Content-Length: *(\d+)/i.exec(buffered.subarray(0, headerEnd).toString())?.[1]);
      if (buffered.length < headerEnd + 4 + length) {
        return;
      }
      const response = JSON.parse(buffered.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as RpcResponse;
      buffered = buffered.subarray(headerEnd + 4 + length);
      const waiter = pending.get(response.id);
      pending.delete(response.id);
      waiter?.resolve(response);
    }
  });

  const call = async (method: string, params: unknown): Promise<unknown> => {
    nextId += 1;
    const id = nextId;
    const body = JSON.stringify({ jsonrpc: "2.0", id, method, params });
    const response = await new Promise<RpcResponse>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    if (response.error !== undefined) {
      throw new BicepRpcError(response.error.data?.message ?? response.error.message);
    }
    return response.result;
  };

  return {
    compileParams: async (path, parameterOverrides = {}) => {
      const result = (await call("bicep/compileParams", { path, parameterOverrides })) as {
        success: boolean;
        diagnostics: Diagnostic[];
        parameters: string | null;
        template: string | null;
      };
      if (!result.success || result.parameters === null || result.template === null) {
        throw new BicepRpcError(`${path} does not build:\n${describeDiagnostics(result.diagnostics)}`);
      }
      return { template: result.template, parameters: result.parameters };
    },
    getSnapshot: async (path, metadata) => {
      const result = (await call("bicep/getSnapshot", { path, metadata })) as { snapshot: string };
      return result.snapshot;
    },
    close: () => {
      child.stdin.end();
      child.kill();
    },
  };
}
