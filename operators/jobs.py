"""``JobOperator``: the one way operators run backend work.

``prepare(context)`` runs on the main thread, reads what the job needs from
Blender (and changes nothing), and returns a label, ``work(job)`` (pure
backend, no bpy: it runs on a worker thread) and ``apply(context, result)``
(main thread: writes the result, returns a report). ``invoke`` (the UI) runs
the work in the background with a progress bar and status text, Esc cancels;
``execute`` (scripts, tests) runs it in place. Nothing is written until the
work has finished, so a cancelled or failed job leaves the scene as it was;
``apply`` itself undoes its partial writes if it fails.
"""

from __future__ import annotations

import bpy


def runner():
    from ..backend.studio.jobs import shared_runner

    return shared_runner()


class JobOperator:
    bl_options = {'REGISTER', 'UNDO'}
    _timer = None
    _job = None
    _apply = None

    def prepare(self, context):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @classmethod
    def poll_armature(cls, context) -> bool:
        from .targets import armature_poll

        from .dependencies import missing_message

        problem = missing_message()
        if problem:
            cls.poll_message_set(problem)
            return False
        if not armature_poll(cls, context):
            return False
        if runner().busy:
            cls.poll_message_set(f"Text2Motion is busy with '{runner().current.label}' (Esc cancels it)")
            return False
        return True

    def _prepare(self, context):
        try:
            return self.prepare(context)
        except ValueError as error:
            self.report({'ERROR'}, str(error))
            return None

    def execute(self, context):
        prepared = self._prepare(context)
        if prepared is None:
            return {'CANCELLED'}
        label, work, apply = prepared
        from ..backend.studio.jobs import BusyError

        try:
            job = runner().start(label, work, background=False)
        except BusyError as error:
            self.report({'ERROR'}, str(error))
            return {'CANCELLED'}
        return self.finish(context, job, apply)

    def invoke(self, context, event):
        if context.window is None or bpy.app.background:
            # No event loop to drive a modal operator (headless): run in place.
            return self.execute(context)
        prepared = self._prepare(context)
        if prepared is None:
            return {'CANCELLED'}
        label, work, apply = prepared
        from ..backend.studio.jobs import BusyError

        try:
            self._job = runner().start(label, work)
        except BusyError as error:
            self.report({'ERROR'}, str(error))
            return {'CANCELLED'}
        self._apply = apply
        wm = context.window_manager
        self._timer = wm.event_timer_add(0.1, window=context.window)
        wm.modal_handler_add(self)
        wm.progress_begin(0, 100)
        return {'RUNNING_MODAL'}

    def modal(self, context, event):
        job = self._job
        if event.type == 'ESC' and event.value == 'PRESS':
            job.cancel()
        if event.type == 'TIMER':
            context.window_manager.progress_update(int(job.fraction * 100))
            if context.workspace:
                context.workspace.status_text_set(f"Text2Motion: {job.label}: {job.text} ({job.fraction:.0%}) - Esc to cancel")
            for area in context.screen.areas if context.screen else ():
                if area.type == 'VIEW_3D':
                    area.tag_redraw()
            if job.done:
                self._cleanup(context)
                return self.finish(context, job, self._apply)
        return {'PASS_THROUGH'}

    def cancel(self, context):
        if self._job is not None:
            self._job.cancel()
        self._cleanup(context)

    def _cleanup(self, context) -> None:
        wm = context.window_manager
        if self._timer is not None:
            wm.event_timer_remove(self._timer)
            self._timer = None
        wm.progress_end()
        if context.workspace:
            context.workspace.status_text_set(None)

    def finish(self, context, job, apply):
        from ..backend.studio.jobs import Cancelled

        for message in job.messages:
            self.report({'WARNING'}, message)
        if isinstance(job.error, Cancelled):
            self.report({'INFO'}, f"{job.label}: cancelled, nothing was changed")
            return {'CANCELLED'}
        if job.error is not None:
            if job.details:
                print(job.details)
            self.report({'ERROR'}, f"{job.label} failed: {job.error}")
            return {'CANCELLED'}
        try:
            message = apply(context, job.result)
        except Exception as error:  # noqa: BLE001 - apply has rolled back
            self.report({'ERROR'}, f"{job.label}: could not write the animation ({error}); nothing was changed")
            return {'CANCELLED'}
        self.report({'INFO'}, f"{message} in {job.seconds:.1f} s")
        return {'FINISHED'}
