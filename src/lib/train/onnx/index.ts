// ONNX export: protobuf writer/reader, graph builder, and the modular-addition transformer's exporter.
export * from './protobuf';
export * from './onnx-proto';
export * from './graph-builder';
export * from './transformer-export';
export * from './read-weights';
export * from './float16';
