// Placeholder so the module builds while its room is being filled in; removed once it has real types.
package enum RdKafkaModule {}
