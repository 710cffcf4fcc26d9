import { describe, expect, it } from 'vitest';

describe('@gatos/mind public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["ACK_FILE","COMMITMENT_FILE","DEFAULT_MAX_MESSAGE_BYTES","DEFAULT_SEGMENT_BYTES","DEFAULT_SEGMENT_MESSAGES","INDEX_FILE","MBUS_ACK_PREFIX","MBUS_COMMIT_PREFIX","MBUS_PREFIX","MESSAGE_FILE","SUMMARY_FILE","ackMessages","ackPrefix","ackRef","activeConsumers","assertConsumer","assertTopic","buildMessageCommit","checkAckChain","checkCommitmentChain","checkMessage","checkSegmentReplacement","checkSummary","commitThrough","commitmentRef","compareOffsets","contentHash","decodeAck","decodeCommitment","decodeIndex","decodeMessage","decodeSummary","encodeMessage","formatLagMetrics","formatOffset","headRef","isRewritableBusRef","listSegments","loadActiveTrust","makeMessage","merkleRoot","parseDuration","parseHeadRef","parseOffset","parseSegmentRef","pruneTopic","publishMessages","readAckState","readHead","readMessages","readTopicLog","segmentRef","tailTopic","topicLag","topicPrefix","verifyTopic"]);
  });
});
