/**
 * What the office's pages read and send, through the typed clients. The services answer
 * `Any`, so each shape read is declared here, as the services build it (routing's
 * queue_items row, supervision's case_reads rows).
 */
import { routing, supervision } from '../../api/clients'
import { ApiError, request } from '../../lib/api'
import type { Page } from '../kit/cursorList'

export interface QueueItem {
  petition_id: string
  department: string
  region_code: string
  category_code: string
  kind: string
  tracking_code: string | null
  title: string | null
  collective: boolean
  headcount: number
  hard_case: boolean
  case_owner: string | null
  state: string
  due_on: string | null
  received_on: string
  assigned_on: string | null
  rule_id: string | null
  return_reason: string | null
  returns: number
  last_version: number
  urgency: string | null
}

export interface QueueFilters {
  state?: 'open' | 'all' | 'unrouted' | 'new' | 'in_handling' | 'returned' | 'done' | 'closed'
  due?: 'overdue' | 'due_soon'
  category?: string
  kind?: 'suggestion' | 'accusation' | 'claim'
  region?: string
}

export async function queuePage(
  department: string,
  filters: QueueFilters,
  cursor: string | null,
  limit: number,
): Promise<Page<QueueItem>> {
  const { data } = await routing.GET('/v1/queues/{department}', {
    params: { path: { department }, query: { ...filters, cursor: cursor ?? undefined, limit } },
  })
  return data as Page<QueueItem>
}

export interface RoutingStep {
  seq: number
  action: string
  department: string | null
  rule_id: string | null
  /** Routing's words (English) or a person's (an objection, an assignment's reason). */
  reason: string
  /** The same in Chinese: routing's own reasons translated, a person's words as written. */
  reason_zh: string | null
  on_date: string | null
}

/** A step's reason as the office reads it (the English only where routing gave no Chinese). */
export function stepReason(step: RoutingStep | null | undefined): string {
  return step ? (step.reason_zh ?? step.reason) : ''
}

export interface RoutingCase {
  petition_id: string
  status: string
  department: string | null
  rule_id: string | null
  manual_reason: string | null
  /** Why it needs a person, in Chinese with the codes named (routing's domain/reasons.py). */
  manual_reason_zh: string | null
  steps: RoutingStep[]
}

export async function routingOf(petitionId: string): Promise<RoutingCase | null> {
  try {
    const { data } = await routing.GET('/v1/petitions/{petition_id}/routing', {
      params: { path: { petition_id: petitionId } },
    })
    return data as RoutingCase
  } catch (e) {
    // Routing has not read the registration yet: no case to show so far.
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}

/** A running deadline as supervision shows it (red list, department view). */
export interface Deadline {
  petition_id: string
  tracking_code: string | null
  region_code: string
  category_code: string
  kind: string
  department: string | null
  step_org: string | null
  handler: string | null
  case_owner: string | null
  step: string
  due_on: string
  light: 'red' | 'yellow' | 'green'
}

/** An urging (催办), supervision (督办) or instruction (批示件). */
export interface SupervisionAction {
  action_id: string
  petition_id: string
  kind: 'urge' | 'supervise' | 'instruction'
  department: string | null
  by_user: string
  by_org: string
  leader: string | null
  note: string
  issued_on: string
  due_on: string
  status: 'open' | 'overdue' | 'done'
  region_code?: string
  /** On an instruction case: the petition's case owner (包案领导), if any. */
  case_owner?: string | null
}

export interface DepartmentView {
  department: string
  today: string
  deadlines: Deadline[]
  actions: SupervisionAction[]
}

export async function departmentView(department: string): Promise<DepartmentView> {
  const { data } = await supervision.GET('/v1/departments/{department}/view', {
    params: { path: { department } },
  })
  return data as DepartmentView
}

export async function instructions(): Promise<{ today: string; items: SupervisionAction[] }> {
  const { data } = await supervision.GET('/v1/instructions')
  return data as { today: string; items: SupervisionAction[] }
}

export type LightCounts = Record<string, { green: number; yellow: number; red: number }>

export async function lights(by: 'region' | 'department' | 'category', region?: string): Promise<LightCounts> {
  const { data } = await supervision.GET('/v1/lights', { params: { query: { by, region } } })
  return (data as { groups: LightCounts }).groups
}

export async function redList(region?: string): Promise<Deadline[]> {
  const { data } = await supervision.GET('/v1/red-list', { params: { query: { region } } })
  return (data as { items: Deadline[] }).items
}

export async function urge(petitionId: string, body: { kind: 'urge' | 'supervise'; note: string; due_on: string | null }) {
  await supervision.POST('/v1/petitions/{petition_id}/urgings', {
    params: { path: { petition_id: petitionId } },
    body,
  })
}

export async function instruct(petitionId: string, body: { leader: string; instruction: string; due_on: string }) {
  await supervision.POST('/v1/petitions/{petition_id}/instructions', {
    params: { path: { petition_id: petitionId } },
    body,
  })
}

export interface StaffUser {
  username: string
  name: string
  role: string
  org: string
  org_name: string
}

/** Users of a role the office may pick (gateway, contract item 3); null until the gateway
 * has the list (404), so the dialog asks for a user id instead. */
export async function usersOfRole(role: string): Promise<StaffUser[] | null> {
  try {
    const got = await request<{ items?: StaffUser[] } | null>('GET', `/auth/users?role=${encodeURIComponent(role)}`)
    // Anything but the list (the web app's own page, before the gateway has the route).
    return Array.isArray(got?.items) ? got.items : null
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null
    throw e
  }
}

/** A petition as intake's search lists it (services/intake/api/views.py summary). */
export interface PetitionSummary {
  id: string
  tracking_code: string | null
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
}
