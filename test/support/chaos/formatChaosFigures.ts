import type { QueueChaosFigures } from "./queueChaos";

/** The figures the issue asks for, as a block a person reads in the test output. */
export function formatChaosFigures(label: string, figures: QueueChaosFigures): string {
  const parked = Object.entries(figures.parkedByReason)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  const { faults, killed } = figures;
  const causes = figures.duplicatesByCause;
  const verification = figures.verification;
  return [
    ``,
    `queue chaos (${label}), ${(figures.durationMs / 1000).toFixed(1)} s${figures.timedOut ? " — TIMED OUT" : ""}`,
    `  messages in            ${figures.messagesIn}`,
    `  reprocessed            ${figures.reprocessed} of ${figures.expectedReprocessed} delivered assignments`,
    `  parked by reason       ${parked === "" ? "none" : parked}`,
    `  dead-lettered          ${figures.deadLettered}`,
    `  lost                   ${figures.lost.length}`,
    `  reprocessed twice      ${figures.reprocessedTwice}: ${causes.answeredToNobody} Graph 202s the client never saw (timed out, reset, or its process died),`,
    `                         ${causes.sendOutcomeLost} retry copies stored by a send the SDK reported failed, ${causes.completionLost} completions not confirmed after a 202 or a copy,`,
    `                         ${causes.killedInFlight} in flight in the killed consumer after a 202 or a copy, ${causes.verifySendFailed} redelivered after a 202 whose verify send failed;`,
    `                         unexplained ${figures.unexplainedDuplicates.length}`,
    `  verified               ${verification.confirmed} of ${verification.expectedConfirmed} confirmed delivered; ${verification.parkedOfExpected} of ${verification.expectedParked} failing or endless deliveries parked,`,
    `                         ${verification.parkedNotDelivered} parked by their verify as notDeliveredAfterReprocess (${verification.stillFailing} stillFailing, ${verification.gaveUp} gaveUp); unverified ${verification.unverified.length}`,
    `  parked, wrong reason   ${figures.wrongReason.length}`,
    `  faults                 Graph ${Math.round(faults.graphFaultRate * 100)}% of ${faults.graphRequests} requests + ${faults.graph429Storms} storms of 30×429; identity endpoint ${faults.identityRefusals} of ${faults.identityRequests} token requests refused (20%, and all for ${faults.identityOutageMs / 1000} s ${faults.identityOutages}×), ${faults.identityRefusalsMidRun} of them to a consumer renewing its token (${faults.identityRenewalsMidRun} renewals granted), ${faults.callsWithoutToken} Graph calls failed for want of a token; AMQP ${faults.amqpSendFaults} refused/dropped sends`,
    `  deliveries             ${figures.deliveries} (${figures.abandoned} abandoned for redelivery)`,
    `  killed consumer        ${killed.inFlight} in flight: ${killed.redeliveredAfterLockExpiry} delivered again after their ${killed.lockDurationMs} ms locks expired, ${killed.redeliveredEarly} before (the rest had completed as it died)`,
    `  completed per consumer ${figures.completedPerConsumer.join(", ")}`,
    `  peer errors            ${figures.peerErrors}`,
    `  consumers crashed      ${figures.crashedConsumers.length === 0 ? "0" : figures.crashedConsumers.join("; ")}`,
    ...figures.lostTrace.map((trace) => `  LOST ${trace}`),
    ...figures.deadLetteredTrace.map((trace) => `  DEAD-LETTERED ${trace}`),
    ...figures.verification.unverified.map((id) => `  UNVERIFIED ${id}`),
    ...figures.duplicateTrace.map((trace) => `  UNEXPLAINED DUPLICATE ${trace}`),
    ``,
  ].join("\n");
}
