"""Text2Motion backend: pure Python + numpy + torch, never bpy.

Importable as ``backend`` from the repository root and as a subpackage of the
Blender extension; every import inside uses relative paths.
"""

__version__ = "0.1.0"
