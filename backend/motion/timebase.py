"""The one frame rate of canonical motion.

Every dataset clip, every generator's input and output and every feature
vector run at ``FPS`` frames per second; scene frame rates convert to and from
it in ``backend.retarget.timing`` and ``backend.studio.lengths``.
"""

FPS = 20
