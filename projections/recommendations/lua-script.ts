import { createHash } from 'node:crypto';

/** A Lua script run by its SHA-1 (EVALSHA); Redis learns its source once (SCRIPT LOAD) when it does not know it. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

export function luaScript(name: string, source: string): LuaScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}
