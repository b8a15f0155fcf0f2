/**
 * The client's own generated gRPC code. Its serializers check `instanceof`, so the emulator must
 * build every message with these exact classes. The modules are CommonJS; their default export is
 * `module.exports`. Types come from the same modules' .d.ts (`import type * as ...`).
 */
import { createRequire } from 'node:module';
import type * as AnyModule from 'google-protobuf/google/protobuf/any_pb.js';
import type * as EmptyModule from 'google-protobuf/google/protobuf/empty_pb.js';
import codeModule from '@eventstore/db-client/generated/code_pb.js';
import serverFeaturesGrpcModule from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesModule from '@eventstore/db-client/generated/serverfeatures_pb.js';
import sharedModule from '@eventstore/db-client/generated/shared_pb.js';
import statusModule from '@eventstore/db-client/generated/status_pb.js';
import streamsGrpcModule from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsModule from '@eventstore/db-client/generated/streams_pb.js';

export const streams = streamsModule;
export const shared = sharedModule;
export const { Status } = statusModule;
export const { Code } = codeModule;
export const { SupportedMethods, SupportedMethod } = serverFeaturesModule;
export const { StreamsService } = streamsGrpcModule;
export const { ServerFeaturesService } = serverFeaturesGrpcModule;

// The well-known types the client's messages embed (google.protobuf.Any, Empty) must be the classes
// of the google-protobuf copy its generated code loads, wherever npm placed it.
const requireFromClient = createRequire(createRequire(import.meta.url).resolve('@eventstore/db-client/generated/status_pb.js'));
export const { Any } = requireFromClient('google-protobuf/google/protobuf/any_pb.js') as typeof AnyModule;
export const { Empty: GoogleEmpty } = requireFromClient('google-protobuf/google/protobuf/empty_pb.js') as typeof EmptyModule;
