"""``t2m.generate``: prompt -> a new action (one per variation) on the armature."""

from __future__ import annotations

import math

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, IntProperty, StringProperty

from .jobs import JobOperator
from .settings import GENERATOR_ITEMS, backend_name, backend_settings, sampling_options


class T2M_OT_generate(JobOperator, bpy.types.Operator):
    """Generate animation from the prompt onto the armature (a new action per variation)"""

    bl_idname = "t2m.generate"
    bl_label = "Generate"
    bl_options = {'REGISTER', 'UNDO'}

    prompt: StringProperty(name="Prompt")
    armature: StringProperty(name="Armature", description="Armature object name (empty: the sidebar's target, else the active object)")
    generator: EnumProperty(name="Generator", items=GENERATOR_ITEMS, default=GENERATOR_ITEMS[0][0])
    length: IntProperty(name="Length", description="Scene frames (0: the model predicts the length)", default=0, min=0)
    start_frame: IntProperty(name="Start Frame", default=1)
    seed: IntProperty(name="Seed", default=0, min=0)
    variations: IntProperty(name="Variations", default=1, min=1, max=8)
    override_sampling: BoolProperty(name="Override Sampling", description="Use guidance and steps instead of the weight pack's tuned values", default=False)
    guidance: FloatProperty(name="Guidance", default=3.0, min=0.0, max=15.0)
    steps: IntProperty(name="Steps", default=10, min=1, max=50)
    split_composites: BoolProperty(name="Split Composite Prompts", description="Make \"walks forward and waves\" clause by clause: the locomotion, with the action's arms (or the action after it), instead of as one prompt", default=True)

    @classmethod
    def poll(cls, context):
        return cls.poll_armature(context)

    @staticmethod
    def from_scene(context) -> dict:
        """The operator's arguments from the sidebar (``scene.t2m``): what the button runs."""
        settings = context.scene.t2m
        fps = context.scene.render.fps / context.scene.render.fps_base
        # Seconds round down, so the longest clip (e.g. 9.8 s) stays within the limit at 23.976 and 29.97 fps.
        length = {"AUTO": 0, "SECONDS": math.floor(settings.seconds * fps + 1e-6), "FRAMES": settings.frames}[settings.length_mode]
        return dict(prompt=settings.prompt, armature=settings.target_armature, generator=settings.generator, length=length,
                    start_frame=settings.start_frame, seed=settings.seed, variations=settings.variations,
                    override_sampling=settings.override_sampling, guidance=settings.guidance, steps=settings.steps,
                    split_composites=settings.split_composites)

    def invoke(self, context, event):
        for key, value in self.from_scene(context).items():
            setattr(self, key, value)
        return super().invoke(context, event)

    def prepare(self, context):
        from ..backend.generators.requests import check_prompt
        from ..backend.retarget import RetargetOptions, retarget, scene_fps
        from ..backend.studio import motion
        from ..backend.studio.engine import shared_engine
        from .targets import binding_for, require_armature

        obj = require_armature(context, self.armature)
        prompt = check_prompt(self.prompt)
        _, binding, detection = binding_for(obj)
        scene = context.scene
        fps = scene_fps(scene.render.fps, scene.render.fps_base)
        options = RetargetOptions(fps=fps, root_motion=obj.t2m_rig.root_motion, foot_lock=obj.t2m_rig.foot_lock)
        settings, name = backend_settings(context), backend_name(self.generator)
        request = dict(generator=name, prompt=prompt, scene_frames=self.length or None, fps=fps, seed=self.seed,
                       variations=self.variations, options=sampling_options(self))
        obj_name, start, length = obj.name, self.start_frame, self.length

        def work(job):
            clips = motion.generate(shared_engine(), settings, job=job, **request)
            job.progress(0.95, "retargeting")
            animations = [retarget(clip, binding, options=options) for clip in clips]
            return [a.window(0, length) for a in animations] if length else animations

        def apply(context, animations):
            from .actions import Transaction, action_name, new_group
            from .keys import write_animation
            from .targets import store_detection
            from . import compat

            target = bpy.data.objects[obj_name]
            group = new_group()
            with Transaction(target) as transaction:
                transaction.quaternions(animations[0])
                for k, animation in enumerate(animations):
                    suffix = f" v{k + 1}" if len(animations) > 1 else ""
                    action = transaction.new_action(action_name(prompt, suffix))
                    action.use_fake_user = len(animations) > 1
                    action["t2m_prompt"], action["t2m_generator"], action["t2m_seed"] = prompt, name, self.seed + k
                    action["t2m_group"], action["t2m_variation"] = group, k
                    compat.assign(target, action)
                    write_animation(action, target, animation, start)
                compat.assign(target, transaction.created[0])
                if detection is not None and not target.t2m_rig.mapping:
                    store_detection(target, detection)
            first = animations[0]
            return f"Generated {len(animations)} action(s) of {first.frames} frames on '{obj_name}' from frame {start}"

        return f"generate '{prompt}'", work, apply
