/**
 * Earlier petitions of the same person (intake's repeat candidate, contract item 1): asked
 * with POST so the ID number is in no URL or access log. Until intake has the endpoint the
 * answer is 404 (or 405): the form then simply shows no warning.
 */
import { ApiError, request } from '../../lib/api'

export interface EarlierPetition {
  id: string
  tracking_code: string | null
  category_code: string
  status: string
  received_on: string
  title: string | null
  same_category: boolean
}

export interface Earlier {
  items: EarlierPetition[]
  repeat_window_days: number
}

export const EARLIER_URL = '/api/intake/v1/petitions/earlier'

export async function findEarlier(
  idType: string,
  idNumber: string,
  categoryCode: string | null,
  signal?: AbortSignal,
): Promise<Earlier | null> {
  try {
    return await request<Earlier>('POST', EARLIER_URL, {
      json: { id_type: idType, id_number: idNumber, category_code: categoryCode || null },
      signal,
    })
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null
    throw e
  }
}
