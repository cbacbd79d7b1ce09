/**
 * Routing's rule sets as the admin reads and writes them (services/routing/api/rulesets.py):
 * the versions, one version's document, a check (dry run) and storing the next version,
 * and H-back's preview of where a sample petition goes. A refused rule set comes back with
 * every problem (`errors`), which `problemsOf` says in Chinese: this module reads the whole
 * problem body, which `request()` keeps only the `{field, message}` part of.
 */
import { ApiError, request } from '../../lib/api'
import { csrfHeaders } from '../../lib/csrf'
import { problemsOf } from './problems'

export const RULESETS = '/api/routing/v1/rulesets'

export interface VersionInfo {
  version: number
  label: string
  created_at: string
  created_by: string
}

export interface Versions {
  in_force: number
  versions: VersionInfo[]
}

/** The document POST /v1/rulesets takes (services/routing/domain/ruleset.py RuleSet). */
export interface RuleDoc {
  label: string
  note?: string | null
  rules: RuleEntry[]
  [key: string]: unknown
}

export interface RuleEntry {
  id: string
  description?: string
  match?: {
    regions?: string[]
    categories?: string[]
    kinds?: string[]
    levels?: string[]
    collective?: boolean | null
    repeat?: boolean | null
    skip_level?: boolean | null
  }
  department: string
  level: string
  priority?: number
  forwarded?: boolean
  [key: string]: unknown
}

export interface StoredVersion extends VersionInfo {
  rules: RuleDoc
}

export const versions = () => request<Versions>('GET', RULESETS)
export const version = (v: number | 'active') => request<StoredVersion>('GET', `${RULESETS}/${v}`)

export type Checked =
  | { ok: true; body: { valid?: boolean; version?: number; label?: string; rules: number } }
  | { ok: false; status: number; problems: string[]; detail: string | null }

/** Check (dryRun) or store a rule set; a refusal is returned, not thrown, with its problems. */
export async function submit(doc: unknown, dryRun: boolean): Promise<Checked> {
  let res: Response
  try {
    res = await fetch(`${RULESETS}?dry_run=${dryRun}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/problem+json',
        'Content-Type': 'application/json',
        ...csrfHeaders('POST', document.cookie),
      },
      body: JSON.stringify(doc),
    })
  } catch {
    throw new ApiError(0, null, [])
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    body = null
  }
  if (res.ok) return { ok: true, body: body as Extract<Checked, { ok: true }>['body'] }
  const refused = ApiError.fromProblem(res.status, body)
  if (res.status === 422 || res.status === 400) {
    return { ok: false, status: res.status, problems: problemsOf(body), detail: refused.detail }
  }
  throw refused
}

export interface SamplePetition {
  kind: string
  category_code: string
  region_code: string
  channel?: string
}

/** routing's answer (services/routing/application/preview.py). */
export interface Preview {
  department: string | null
  department_name: string | null
  rule_id: string | null
  manual_reason: string | null
  manual_reason_zh?: string | null
  /** routing's own (English) account of the decision: not shown, the fields say it. */
  reason: string | null
  /** null: a candidate rule set (not stored yet). */
  ruleset_version: number | null
  /** The level that answers for the region: city, county, township, village. */
  level: string | null
  manual_office: string | null
  manual_office_name: string | null
  hard_case: boolean
  case_owner: { user_id: string; name: string } | null
}

/** Where `petition` would go under `ruleset` (null: the rule set in force). */
export const preview = (petition: SamplePetition, ruleset: unknown) =>
  request<Preview>('POST', `${RULESETS}/preview`, { json: { petition, ruleset } })
