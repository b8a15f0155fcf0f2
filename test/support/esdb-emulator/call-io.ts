import type { EventEmitter } from 'node:events';
import { once } from 'node:events';
import type { StatusObject } from '@grpc/grpc-js';

/** A failure that ends a call with this gRPC status (and its trailers). */
export class CallFailure extends Error {
  constructor(readonly status: StatusObject) {
    super(status.details);
  }
}

/** Aborts when the client cancels the call or when the server run it belongs to ends. */
export function callSignal(call: EventEmitter, runSignal: AbortSignal): AbortSignal {
  const cancelled = new AbortController();
  call.once('cancelled', () => {
    cancelled.abort();
  });
  return AbortSignal.any([runSignal, cancelled.signal]);
}

interface ResponseStream<Message> extends EventEmitter {
  write(message: Message): boolean;
}

/** Writes one response, waiting while the client is slow to read (rejects once the signal aborts). */
export async function send<Message>(call: ResponseStream<Message>, message: Message, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (!call.write(message)) await once(call, 'drain', { signal });
}
