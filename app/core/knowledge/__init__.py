"""The knowledge library: loaders, chunking, embeddings, the Chroma index, search, context and citations.

Importing this package is cheap (chromadb and onnxruntime load on first use); import the modules
directly: `from app.core.knowledge.index import KnowledgeBase`.
"""
