/**
 * A petition as intake's GET /v1/petitions/{id} returns it (the route answers `Any`, so the
 * schema has no type for it: this mirrors services/intake/application/reads.py), and the one
 * way to act on it: a command with the version the user saw (If-Match), so that a change made
 * by someone else first comes back as a 409 and is never overwritten.
 */
import { shallowRef } from 'vue'
import { ApiError, request } from '../../lib/api'

export interface Actor {
  user_id: string
  role: string
  org: string
}

export interface HistoryEntry {
  version: number
  type: string
  occurred_at: string
  actor: Actor
}

export interface Dues {
  forward_due: string | null
  acceptance_due: string | null
  objection_due: string | null
  reply_due: string | null
  review_request_due: string | null
  review_decision_due: string | null
  next_request_due: string | null
  current_due: string | null
}

export interface Petitioner {
  name: string | null
  id_type: string | null
  id_number: string | null
  phone: string | null
  address: string | null
}

export interface Attachment {
  /** None for an attachment a registrar only described (no file kept). */
  id: string | null
  /** Intake's fields (shared/schemas/petition.py Attachment). */
  name?: string
  media_type?: string
  size_bytes?: number
  filename?: string
  content_type?: string
  size?: number
}

export interface Petition {
  id: string
  tracking_code: string
  status: string
  kind: string
  channel: string
  category_code: string
  region_code: string
  receiving_org: string
  department: string | null
  received_on: string
  current_due: string | null
  version: number
  overdue: boolean
  handler: string | null
  case_owner: string | null
  /** The case owner (包案领导) as the office named them. */
  case_owner_name: string | null
  accused_org: string | null
  collective: boolean
  headcount: number
  repeat_candidate_of: string | null
  linked_to: string | null
  skip_level: boolean
  extension_days: number
  due: Dues
  allowed_commands: string[]
  title: string
  content: string | null
  attachments: Attachment[]
  /** The replies' documents, oldest reply first; present only for a caller who may read the
   * petition's content (intake's detail view). */
  reply_attachments?: Attachment[]
  /** Absent where the caller's role may not see the petitioner (confidentiality). */
  petitioner?: Petitioner | null
  history: HistoryEntry[]
  [key: string]: unknown
}

export const INTAKE_PETITIONS = '/api/intake/v1/petitions'

/** Where intake answers one petition (GET). */
export function petitionUrl(id: string): string {
  return `${INTAKE_PETITIONS}/${encodeURIComponent(id)}`
}

export function loadPetition(id: string): Promise<Petition> {
  return request<Petition>('GET', petitionUrl(id))
}

/**
 * Send one of intake's commands (`accept`, `not-accept`, `assign`, `case-owner`, …: the path
 * segment) with the version the user saw. A 409 ApiError means someone changed the petition
 * first: reload it, show what changed, let the user retry.
 */
export async function act<T = unknown>(
  petitionId: string,
  path: string,
  body: Record<string, unknown>,
  version: number,
): Promise<T> {
  try {
    return await request<T>('POST', `${INTAKE_PETITIONS}/${encodeURIComponent(petitionId)}/${path}`, {
      json: body,
      headers: { 'If-Match': `"${version}"` },
    })
  } catch (e) {
    // Kept for the petition page: after it reloads, it shows what changed since `version`
    // and can send the same command again on the new version (重试).
    if (e instanceof ApiError && e.status === 409) lastRefusal.value = { petitionId, path, body, version, error: e }
    throw e
  }
}

/** A command intake refused with a 409: a change by someone else, or a rule of the state. */
export interface RefusedCommand {
  petitionId: string
  path: string
  body: Record<string, unknown>
  version: number
  error: ApiError
}

export const lastRefusal = shallowRef<RefusedCommand | null>(null)

/** The refused command on this petition, once (the page shows it, then it is gone). */
export function takeRefusal(petitionId: string): RefusedCommand | null {
  const r = lastRefusal.value
  if (!r || r.petitionId !== petitionId) return null
  lastRefusal.value = null
  return r
}

// Command paths whose name in `allowed_commands` is not the path with `_` for `-`.
const COMMAND_NAMES: Record<string, string> = {
  'acceptance-notice': 'record_acceptance_notice',
  'case-owner': 'set_case_owner',
  'revisit-outcome': 'record_revisit_outcome',
}

/** The name intake's `allowed_commands` gives the command sent to `path`. */
export function commandName(path: string): string {
  return COMMAND_NAMES[path] ?? path.replace(/-/g, '_')
}

/** Whether the petition's state allows the command at `path` (intake says so). */
export function allows(p: Petition, path: string): boolean {
  return p.allowed_commands.includes(commandName(path))
}

/**
 * After a 409: true when the petition is no longer at `version` (someone changed it first,
 * the page must show what changed), false when it is (a rule refused the command itself).
 */
export async function changedSince(petitionId: string, version: number): Promise<boolean> {
  try {
    return (await loadPetition(petitionId)).version !== version
  } catch {
    return true
  }
}
