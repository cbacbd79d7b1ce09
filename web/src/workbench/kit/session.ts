/** Who is signed in (the gateway's /auth/me), read once per visit to the workbench. */
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

  /** The user, or null when nobody is signed in (401). Other failures throw. */
  async function load(): Promise<Me | null> {
    if (me.value) return me.value
    try {
      me.value = await get<Me>('/auth/me')
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null
      throw e
    }
    return me.value
  }

  async function logout(): Promise<void> {
    try {
      await post('/auth/logout')
    } finally {
      me.value = null
    }
  }

  function $reset() {
    me.value = null
  }

  return { me, load, logout, $reset }
})
