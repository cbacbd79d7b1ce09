/** Who is signed in (the gateway's /auth/me), read once per visit to the workbench: the first
 * navigation starts the read (areas.ts startFirstReads) and the frame waits for the same one. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError, get, post } from '../../lib/api'
import type { Role } from '../types'

export interface Me {
  username: string
  name: string
  role: Role
  org: string
  org_name: string
}

export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null)
  let reading: Promise<Me | null> | null = null

  async function read(): Promise<Me | null> {
    try {
      me.value = await get<Me>('/auth/me')
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null
      throw e
    }
    return me.value
  }

  /** The user, or null when nobody is signed in (401). Other failures throw. Callers at the
   * same moment share one read. */
  function load(): Promise<Me | null> {
    if (me.value) return Promise.resolve(me.value)
    reading ??= read().finally(() => (reading = null))
    return reading
  }

  async function logout(): Promise<void> {
    try {
      await post('/auth/logout')
    } finally {
      me.value = null
      reading = null
    }
  }

  function $reset() {
    me.value = null
    reading = null
  }

  return { me, load, logout, $reset }
})
