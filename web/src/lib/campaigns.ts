import { FEEDBACK, get } from './api'

export interface Campaign {
  campaign_id: string
  topic: string
  description: string
  starts_on: string
  ends_on: string
  target?: string | null
}

export async function openCampaigns(): Promise<Campaign[]> {
  const res = await get<{ items: Campaign[] }>(`${FEEDBACK}/campaigns`)
  return res?.items ?? []
}
