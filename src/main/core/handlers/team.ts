import type { CoreApi } from '../../../shared/contract.ts';
import type { TeamService } from '../team/service.ts';

/** `team.*`: the team workspace (team/service.ts). */
export function teamHandlers(team: TeamService): CoreApi['team'] {
  return {
    getStatus: async () => team.status(),
    testConnection: (input) => team.testConnection(input),
    join: (input) => team.join(input),
    leave: () => team.leave(),
    syncNow: async () => {
      await team.syncNow();
      return team.status();
    },
    listCalls: async (query) => team.listCalls(query),
    contactInfo: async ({ id }) => team.contactInfo(id),
    setContactPrivate: async (input) => team.setContactPrivate(input.id, input.private),
    restoreRevision: async (input) => team.restoreRevision(input.contactId, input.revisionId),
    callNotes: async ({ callId }) => team.callNotes(callId),
    getCall: async ({ callId }) => team.getCall(callId),
  };
}
