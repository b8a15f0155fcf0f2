import type { EventFilter } from './port.js';

/** System streams and events (`$…`) are EventStoreDB's own; the port never delivers them. */
export function isSystemEvent(event: { readonly type: string; readonly streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function matchesFilter(event: { readonly type: string; readonly streamId: string }, filter: EventFilter | undefined): boolean {
  if (isSystemEvent(event)) return false;
  if (filter?.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter?.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  return true;
}
