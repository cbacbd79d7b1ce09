/**
 * The reads the home page and the queue share, typed where the services answer `Any`:
 * routing's queues, intake's search, supervision's lights (shapes as the services return
 * them: services/routing/application/queue_reads.py, services/intake/api/views.py summary,
 * services/supervision/application/case_reads.py light_counts).
 */
import { intake, routing, supervision } from '../../api/clients'

export interface QueueItem {
  petition_id: string
  department: string
  region_code: string
  category_code: string
  kind: string
  accused_org: string | null
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
  return_reason: string | null
  returns: number
  extension_pending: boolean
  urgency: 'overdue' | 'due_soon' | 'on_time' | null
}

export interface QueuePage {
  department: string
  today: string
  items: QueueItem[]
  next_cursor: string | null
}

export interface QueueQuery {
  state?: 'open' | 'all' | 'unrouted' | 'new' | 'in_handling' | 'returned' | 'done' | 'closed'
  due?: 'overdue' | 'due_soon'
  category?: string
  kind?: 'suggestion' | 'accusation' | 'claim'
  region?: string
  limit?: number
  cursor?: string
}

export async function readQueue(department: string, query: QueueQuery): Promise<QueuePage> {
  const { data } = await routing.GET('/v1/queues/{department}', { params: { path: { department }, query } })
  return data as QueuePage
}

export interface DepartmentCounts {
  department: string
  name_zh: string
  counts: Record<string, number>
}

export async function readQueueCounts(): Promise<{ today: string; departments: DepartmentCounts[] }> {
  const { data } = await routing.GET('/v1/queues')
  return data as { today: string; departments: DepartmentCounts[] }
}

export interface LightCounts {
  green: number
  yellow: number
  red: number
}

export async function readLights(by: 'region' | 'department'): Promise<{ today: string; groups: Record<string, LightCounts> }> {
  const { data } = await supervision.GET('/v1/lights', { params: { query: { by } } })
  return data as { today: string; groups: Record<string, LightCounts> }
}

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

export async function searchPetitions(query: { overdue?: boolean; limit?: number; status?: string; department?: string }): Promise<PetitionSummary[]> {
  const { data } = await intake.GET('/v1/petitions', { params: { query: query as never } })
  return (data as { items: PetitionSummary[] }).items
}

/** Open items of a department's counts: red overdue, yellow due soon, green the rest. */
export function lightsOfCounts(c: Record<string, number>): LightCounts {
  const open = (c.unrouted ?? 0) + (c.new ?? 0) + (c.in_handling ?? 0)
  const red = c.overdue ?? 0
  const yellow = c.due_soon ?? 0
  return { red, yellow, green: Math.max(open - red - yellow, 0) }
}
