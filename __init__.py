"""Text2Motion: generate and edit character animation from text, inside Blender.

This is the extension's entry point. Blender imports it as
``bl_ext.<repository>.text2motion``; a source checkout may carry any other
package name (pytest imports the repository root under its folder name when it
collects ``tests/``). So every import here is relative, and nothing heavy runs
at import time: bpy is imported only when Blender calls ``register()`` and
torch only when a job runs, through the lazily imported ``backend``.
"""


def register() -> None:
    from .operators import registration

    registration.register()


def unregister() -> None:
    from .operators import registration

    registration.unregister()
