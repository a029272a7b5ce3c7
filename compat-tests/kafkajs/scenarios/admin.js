'use strict'
// kafkajs admin client scenarios (topics, configs, offsets, cluster; group admin is in
// consumer.js, next to the groups it looks at).
const { K, assert, bootstrap, log, waitFor } = require('../lib')

async function nodeId(admin) {
  const cluster = await admin.describeCluster()
  return cluster.brokers[0].nodeId
}

function byPartition(partitions) {
  return [...partitions].sort((a, b) => a.partition - b.partition)
}

async function describeTopicConfigs(admin, topic, configNames, includeSynonyms = false) {
  const { ConfigResourceTypes } = K()
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames }],
    includeSynonyms,
  })
  assert.equal(resources.length, 1)
  assert.equal(resources[0].errorCode, 0, `describeConfigs ${topic}: ${resources[0].errorMessage}`)
  assert.equal(resources[0].resourceName, topic)
  return Object.fromEntries(resources[0].configEntries.map(e => [e.configName, e]))
}

module.exports = [
  {
    name: 'admin-describe-cluster',
    what: 'describeCluster: one broker at the bootstrap address, a controller, a cluster id',
    run: async t => {
      const admin = await t.admin()
      const cluster = await admin.describeCluster()
      log(JSON.stringify(cluster))
      assert.equal(cluster.brokers.length, 1)
      const [host, port] = bootstrap.split(':')
      assert.equal(cluster.brokers[0].port, Number(port))
      assert.ok(['localhost', '127.0.0.1', host].includes(cluster.brokers[0].host), `broker host ${cluster.brokers[0].host}`)
      assert.equal(cluster.controller, cluster.brokers[0].nodeId, 'the controller is the one broker')
      assert.ok(typeof cluster.clusterId === 'string' && cluster.clusterId.length > 0, 'clusterId')
    },
  },
  {
    name: 'admin-create-topics',
    what: 'createTopics of two topics in one call (partition counts, config entries): listTopics and metadata show them',
    run: async t => {
      const admin = await t.admin()
      const a = t.unique('a')
      const b = t.unique('b')
      const created = await admin.createTopics({
        topics: [
          { topic: a, numPartitions: 3, replicationFactor: 1 },
          { topic: b, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
        ],
      })
      assert.equal(created, true)
      const topics = await admin.listTopics()
      assert.ok(topics.includes(a) && topics.includes(b), 'listTopics shows both')
      const { topics: md } = await admin.fetchTopicMetadata({ topics: [a, b] })
      const counts = Object.fromEntries(md.map(tm => [tm.name, tm.partitions.length]))
      assert.deepEqual(counts, { [a]: 3, [b]: 1 })
      const configs = await describeTopicConfigs(admin, b, ['retention.ms'])
      assert.equal(configs['retention.ms'].configValue, '3600000')
    },
  },
  {
    name: 'admin-create-topics-validate-only',
    what: 'createTopics with validateOnly does not create the topic',
    run: async t => {
      const admin = await t.admin()
      const topic = t.unique('t')
      await admin.createTopics({
        topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
        validateOnly: true,
        waitForLeaders: false,
      })
      const topics = await admin.listTopics()
      assert.ok(!topics.includes(topic), 'a validateOnly topic must not exist')
    },
  },
  {
    name: 'admin-fetch-topic-metadata',
    what: 'fetchTopicMetadata: every partition led by the broker, replicas and ISR that broker, no error',
    run: async t => {
      const { admin, topic } = await t.newTopic(4)
      const id = await nodeId(admin)
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      assert.equal(topics.length, 1)
      assert.equal(topics[0].name, topic)
      const parts = [...topics[0].partitions].sort((x, y) => x.partitionId - y.partitionId)
      assert.deepEqual(parts.map(p => p.partitionId), [0, 1, 2, 3])
      for (const p of parts) {
        assert.equal(p.partitionErrorCode, 0)
        assert.equal(p.leader, id)
        assert.deepEqual(p.replicas, [id])
        assert.deepEqual(p.isr, [id])
      }
      // All topics: ours is among them.
      const all = await admin.fetchTopicMetadata()
      assert.ok(all.topics.some(tm => tm.name === topic), 'metadata for all topics includes ours')
    },
  },
  {
    name: 'admin-delete-topics',
    what: 'deleteTopics removes two topics; one is created again with another partition count',
    run: async t => {
      const admin = await t.admin()
      const a = await t.createTopic(admin, t.unique('a'), 2)
      const b = await t.createTopic(admin, t.unique('b'), 1)
      const producer = await t.producer()
      await producer.send({ topic: a, messages: [{ value: 'before delete' }] })
      await admin.deleteTopics({ topics: [a, b] })
      await waitFor(async () => {
        const topics = await admin.listTopics()
        return !topics.includes(a) && !topics.includes(b)
      }, { what: 'the deleted topics to leave listTopics' })
      // Deleting is not instant everywhere: retry the creation while it is still going.
      await waitFor(async () => {
        try {
          return await admin.createTopics({ topics: [{ topic: a, numPartitions: 3, replicationFactor: 1 }] })
        } catch (e) {
          log(`create again: ${e.message}`)
          return false
        }
      }, { what: 'the topic to be created again', interval: 500 })
      const { topics } = await admin.fetchTopicMetadata({ topics: [a] })
      assert.equal(topics[0].partitions.length, 3)
      const offsets = await admin.fetchTopicOffsets(a)
      assert.deepEqual(offsets.map(o => o.high), ['0', '0', '0'], 'the new topic has none of the old records')
    },
  },
  {
    name: 'admin-create-partitions',
    what: 'createPartitions grows a topic from 2 to 5 partitions; the new ones take records',
    run: async t => {
      const { admin, topic } = await t.newTopic(2)
      await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] })
      await waitFor(async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
        return topics[0].partitions.length === 5
      }, { what: '5 partitions in metadata' })
      const producer = await t.producer()
      const [result] = await producer.send({ topic, messages: [{ value: 'to the new partition', partition: 4 }] })
      assert.equal(result.partition, 4)
      assert.equal(result.errorCode, 0)
      const offsets = byPartition(await admin.fetchTopicOffsets(topic))
      assert.deepEqual(offsets.map(o => o.high), ['0', '0', '0', '0', '1'])
    },
  },
  {
    name: 'admin-describe-configs',
    what: 'describeConfigs of a topic (set, default and synonym values, sources) and of the broker',
    run: async t => {
      const { ConfigResourceTypes, ConfigSource } = K()
      const { admin, topic } = await t.newTopic(1, { 'retention.ms': 3600000, 'cleanup.policy': 'delete' })
      const configs = await describeTopicConfigs(admin, topic, ['retention.ms', 'max.message.bytes', 'segment.bytes'], true)
      assert.deepEqual(Object.keys(configs).sort(), ['max.message.bytes', 'retention.ms', 'segment.bytes'], 'only the configs asked for')
      const retention = configs['retention.ms']
      assert.equal(retention.configValue, '3600000')
      assert.equal(retention.isDefault, false)
      assert.equal(retention.configSource, ConfigSource.TOPIC_CONFIG)
      assert.equal(retention.readOnly, false)
      assert.equal(retention.configSynonyms[0].configName, 'retention.ms', 'the topic config is the first synonym')
      assert.equal(retention.configSynonyms[0].configValue, '3600000')
      const maxBytes = configs['max.message.bytes']
      assert.equal(maxBytes.configValue, '1048588')
      assert.equal(maxBytes.isDefault, true)

      // Every config of the topic when none is named.
      const all = await describeTopicConfigs(admin, topic, undefined)
      assert.ok(Object.keys(all).length > 20, `all topic configs (${Object.keys(all).length})`)
      assert.equal(all['cleanup.policy'].configValue, 'delete')

      const id = await nodeId(admin)
      const { resources } = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.BROKER, name: String(id), configNames: ['num.partitions', 'auto.create.topics.enable'] }],
        includeSynonyms: false,
      })
      assert.equal(resources[0].errorCode, 0, resources[0].errorMessage)
      const broker = Object.fromEntries(resources[0].configEntries.map(e => [e.configName, e.configValue]))
      assert.deepEqual(broker, { 'num.partitions': '4', 'auto.create.topics.enable': 'true' })
    },
  },
  {
    name: 'admin-alter-configs',
    what: 'alterConfigs sets a topic config (validateOnly first changes nothing); the ones left out return to their defaults',
    run: async t => {
      const { ConfigResourceTypes } = K()
      const { admin, topic } = await t.newTopic(1, { 'segment.ms': 600000 })
      const resources = [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '7200000' }] }]
      const checked = await admin.alterConfigs({ validateOnly: true, resources })
      log(JSON.stringify(checked))
      let configs = await describeTopicConfigs(admin, topic, ['retention.ms', 'segment.ms'])
      assert.equal(configs['retention.ms'].isDefault, true, 'validateOnly changed retention.ms')
      assert.equal(configs['segment.ms'].configValue, '600000')

      const result = await admin.alterConfigs({ validateOnly: false, resources })
      assert.equal(result.resources[0].errorCode, 0)
      assert.equal(result.resources[0].resourceName, topic)
      configs = await describeTopicConfigs(admin, topic, ['retention.ms', 'segment.ms'])
      assert.equal(configs['retention.ms'].configValue, '7200000')
      assert.equal(configs['retention.ms'].isDefault, false)
      // AlterConfigs (not the incremental one) replaces the topic's whole config set.
      assert.equal(configs['segment.ms'].isDefault, true, 'segment.ms left out of AlterConfigs returns to its default')
      assert.equal(configs['segment.ms'].configValue, '604800000')
    },
  },
  {
    name: 'admin-fetch-topic-offsets',
    what: 'fetchTopicOffsets: low and high watermarks of each partition after producing',
    run: async t => {
      const { admin, topic } = await t.newTopic(3)
      let offsets = byPartition(await admin.fetchTopicOffsets(topic))
      assert.deepEqual(offsets.map(o => [o.partition, o.low, o.high, o.offset]), [[0, '0', '0', '0'], [1, '0', '0', '0'], [2, '0', '0', '0']])
      const producer = await t.producer()
      for (const [partition, n] of [[0, 5], [2, 12]]) {
        await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ value: `m${i}`, partition })) })
      }
      offsets = byPartition(await admin.fetchTopicOffsets(topic))
      assert.deepEqual(offsets.map(o => [o.partition, o.low, o.high]), [[0, '0', '5'], [1, '0', '0'], [2, '0', '12']])
    },
  },
  {
    name: 'admin-fetch-topic-offsets-by-timestamp',
    what: 'fetchTopicOffsetsByTimestamp before, at, between and after records with explicit timestamps',
    run: async t => {
      const { admin, topic, producer } = await t.newTopicAndProducer(2)
      const base = Date.now() - 3600 * 1000
      // partition 0: timestamps base, base+1000, ..., base+9000; partition 1: none
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, partition: 0, timestamp: String(base + i * 1000) })),
      })
      const at = async ts => byPartition(await admin.fetchTopicOffsetsByTimestamp(topic, ts)).map(o => o.offset)
      assert.deepEqual(await at(base - 5000), ['0', '0'], 'before every record')
      assert.deepEqual(await at(base), ['0', '0'], 'at the first')
      assert.deepEqual(await at(base + 3000), ['3', '0'], 'at the fourth')
      assert.deepEqual(await at(base + 3500), ['4', '0'], 'between the fourth and fifth')
      // After every record Kafka answers -1; kafkajs turns that into the high watermark.
      assert.deepEqual(await at(base + 20000), ['10', '0'], 'after every record')
    },
  },
  {
    name: 'admin-delete-topic-records',
    what: 'deleteTopicRecords up to an offset moves the low watermark; a consumer from the beginning starts there',
    run: async t => {
      const { admin, topic, producer } = await t.newTopicAndProducer(2)
      for (const partition of [0, 1]) {
        await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `p${partition}-${i}`, partition })) })
      }
      // kafkajs looks the leaders up in the metadata it already has: load the topic's first.
      assert.deepEqual(byPartition(await admin.fetchTopicOffsets(topic)).map(o => o.high), ['10', '10'])
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '6' }, { partition: 1, offset: '-1' }] })
      const offsets = byPartition(await admin.fetchTopicOffsets(topic))
      assert.deepEqual(offsets.map(o => [o.low, o.high]), [['6', '10'], ['10', '10']], '[low, high] per partition')
      const records = await t.collect({ topics: [topic], groupId: t.unique('g'), count: 4 })
      assert.deepEqual(records.map(r => [r.partition, r.offset, r.value]), [6, 7, 8, 9].map(o => [0, o, `p0-${o}`]))
    },
  },
]
