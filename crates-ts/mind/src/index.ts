/**
 * `@gatos/mind`: the commit-backed message bus (SPEC-DIGEST §6, ADR-0010). Topics live under
 * `refs/gatos/mbus/<topic>/…` as dated segments of signed message commits; consumers acknowledge
 * under `refs/gatos/mbus-ack/<topic>/<consumer>`; pruned segments leave signed Merkle summaries.
 * `gmb.commit` records under `refs/gatos/mbus-commit/<topic>` state ack quorums the ack chains prove.
 * Delivery is at-least-once with idempotency by (topic, ulid). Pure logic over the ObjectStore and
 * RefStore ports of `@gatos/core`; git I/O lives in `@gatos/git`.
 */
export type { BusErrorCode } from './errors.js';
export { MBUS_PREFIX, MBUS_ACK_PREFIX, MBUS_COMMIT_PREFIX, assertTopic, assertConsumer, topicPrefix, headRef, segmentRef, parseSegmentRef, parseHeadRef, isRewritableBusRef, ackPrefix, ackRef, commitmentRef } from './topicRef.js';
export { formatOffset, parseOffset, compareOffsets } from './offset.js';
export type { Offset } from './offset.js';
export { DEFAULT_MAX_MESSAGE_BYTES, contentHash, makeMessage, encodeMessage, decodeMessage } from './messageEnvelope.js';
export type { BusMessage } from './messageEnvelope.js';
export { MESSAGE_FILE, buildMessageCommit } from './messageCommit.js';
export type { SignedMessage } from './messageCommit.js';
export { merkleRoot } from './merkleRoot.js';
export { parseDuration } from './parseDuration.js';
export { readHead } from './readHead.js';
export type { HeadState } from './readHead.js';
export { listSegments } from './listSegments.js';
export type { SegmentRef } from './listSegments.js';
export { readTopicLog } from './readTopicLog.js';
export type { TopicLog, LoggedMessage, PrunedWindow, ReadTopicLogOptions } from './readTopicLog.js';
export { publishMessages, DEFAULT_SEGMENT_MESSAGES, DEFAULT_SEGMENT_BYTES } from './publishMessages.js';
export type { PublishInput, PublishedMessage, PublishOptions } from './publishMessages.js';
export { readMessages } from './readMessages.js';
export type { DeliveredMessage, RejectedMessage, ReadResult, ReadOptions } from './readMessages.js';
export { ackMessages } from './ackMessages.js';
export type { AckResult } from './ackMessages.js';
export { ACK_FILE, decodeAck } from './ackRecord.js';
export type { AckRecord } from './ackRecord.js';
export { readAckState } from './readAckState.js';
export type { AckState } from './readAckState.js';
export { pruneTopic } from './pruneTopic.js';
export type { PruneResult, PrunedSegment } from './pruneTopic.js';
export { SUMMARY_FILE, INDEX_FILE, decodeSummary, decodeIndex } from './summaryRecord.js';
export type { SummaryRecord, SummaryIndex } from './summaryRecord.js';
export { checkMessage } from './checkMessage.js';
export type { MessageFailure } from './checkMessage.js';
export { checkSummary } from './checkSummary.js';
export { checkSegmentReplacement } from './checkSegmentReplacement.js';
export type { SegmentReplacement, ValidReplacement } from './checkSegmentReplacement.js';
export { activeConsumers } from './activeConsumers.js';
export type { ActiveConsumer } from './activeConsumers.js';
export { loadActiveTrust } from './activeTrust.js';
export { COMMITMENT_FILE, decodeCommitment } from './commitmentRecord.js';
export type { CommitmentRecord, CommitmentAck } from './commitmentRecord.js';
export { commitThrough } from './commitThrough.js';
export type { CommitResult } from './commitThrough.js';
export { checkAckChain } from './checkAckChain.js';
export type { AckChainFailure } from './checkAckChain.js';
export { checkCommitmentChain } from './checkCommitments.js';
export type { CommitmentFailure } from './checkCommitments.js';
export { topicLag } from './topicLag.js';
export type { LagReport, ConsumerLag } from './topicLag.js';
export { formatLagMetrics } from './lagMetrics.js';
export { verifyTopic } from './verifyTopic.js';
export type { TopicReport, TopicFailure } from './verifyTopic.js';
export { tailTopic } from './tailTopic.js';
export type { TailOptions, TailResult } from './tailTopic.js';
