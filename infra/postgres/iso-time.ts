/** A timestamptz column read back as an ISO 8601 UTC string (API.md, "Timestamps"). */
export const isoUtc = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
