import type { handleUnaryCall, MethodDefinition } from '@grpc/grpc-js';
import type * as ServerFeatures from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type * as Shared from '@eventstore/db-client/generated/shared_pb.js';
import { ServerFeaturesService, StreamsService, SupportedMethod, SupportedMethods } from './protocol.js';

export const SERVER_VERSION = '23.10.0';

/**
 * ServerFeatures.GetSupportedMethods as EventStoreDB 23.10 answers it: service and method names
 * lowercased (the client lowercases the paths it looks up), with the same feature flags. Only
 * what the emulator implements is listed; without BatchAppend the client appends with Append.
 */
export function serverFeaturesHandler(options: { readonly batchAppend: boolean }): handleUnaryCall<Shared.Empty, ServerFeatures.SupportedMethods> {
  const methods = [
    supported(StreamsService.read, ['position', 'events']),
    supported(StreamsService.append),
    supported(StreamsService.delete),
    supported(StreamsService.tombstone),
    ...(options.batchAppend ? [supported(StreamsService.batchAppend, ['deadline_duration'])] : []),
    supported(ServerFeaturesService.getSupportedMethods),
  ];
  return (_call, callback) => {
    callback(null, new SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList(methods));
  };
}

function supported<Request, Response>(method: MethodDefinition<Request, Response>, features: string[] = []): ServerFeatures.SupportedMethod {
  const [serviceName = '', methodName = ''] = method.path.slice(1).toLowerCase().split('/');
  return new SupportedMethod().setServiceName(serviceName).setMethodName(methodName).setFeaturesList(features);
}
