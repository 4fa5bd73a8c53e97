import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpMethods,
  type Pipeline,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";

// Emulator tests check Graph's wire answers, so they call it through the SDK's bare pipeline,
// not the app's client (whose parsing would hide what the emulator actually sent).

export type GraphBody = Readonly<Record<string, unknown>>;

export interface GraphErrorBody {
  readonly code: string;
  readonly message: string;
}

const httpClient = createDefaultHttpClient();

export function rawGraphPipeline(credential: TokenCredential, scope: string): Pipeline {
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 0 } });
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
  return pipeline;
}

export async function sendRaw(pipeline: Pipeline, method: HttpMethods, url: string): Promise<PipelineResponse> {
  return pipeline.sendRequest(httpClient, createPipelineRequest({ url, method }));
}

export function bodyOf(response: PipelineResponse): GraphBody {
  return JSON.parse(response.bodyAsText ?? "null") as GraphBody;
}

export function errorOf(response: PipelineResponse): GraphErrorBody {
  return (bodyOf(response) as { error: GraphErrorBody }).error;
}

export function valueOf(response: PipelineResponse): GraphBody[] {
  return bodyOf(response).value as GraphBody[];
}
