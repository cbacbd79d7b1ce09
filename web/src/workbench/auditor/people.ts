/**
 * Who acted, in words: the people of the development directory the auditor may list (the
 * gateway's GET /auth/users, cut to the auditor's org subtree), read once per visit and shared
 * by the audit pages. A user the list does not have (outside the subtree, an OpenID Connect
 * sign-in, a caller the gateway refuses the list: an inspector) keeps its user id.
 */
import { reactive } from 'vue'
import { ApiError, get } from '../../lib/api'
import { useSession } from '../kit/session'

export interface Person {
  username: string
  name: string
  org: string
  org_name: string
}

const people = reactive(new Map<string, Person>())
let reading: Promise<void> | null = null
let read = false
/** Whose list it is: another user signed in in the same tab reads its own. */
let readFor: string | null = null

async function readPeople(user: string | null): Promise<void> {
  try {
    const body = await get<{ items?: Person[] } | null>('/auth/users')
    if (user !== readFor) return // signed out meanwhile: not the new user's list
    for (const p of body?.items ?? []) people.set(p.username, p)
    read = true
  } catch (e) {
    // Not offered (no directory) or not this role's: the pages show user ids, as before.
    if (user === readFor && e instanceof ApiError && [401, 403, 404, 405].includes(e.status)) read = true
  }
}

/** Start the read unless it is done or on the way; `person` answers once it is here. */
export function usePeople() {
  const me = useSession().me?.username ?? null
  if (me !== readFor) {
    people.clear()
    read = false
    reading = null
    readFor = me
  }
  if (!read && !reading) reading = readPeople(me).finally(() => (reading = null))
  return (userId: string | null | undefined): Person | null => (userId ? (people.get(userId) ?? null) : null)
}
