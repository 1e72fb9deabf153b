"""Actions the extension makes: names, variations, edit versions, rollback."""

from __future__ import annotations

import uuid

import bpy

from . import compat
from .keys import set_quaternion_mode


def action_name(prompt: str, suffix: str = "") -> str:
    words = " ".join(prompt.split()[:6])
    return f"T2M {words}{suffix}"[:60]


class Transaction:
    """Writes into new actions; on failure removes them, puts the previous
    action back and restores rotation modes, so the scene is as it was."""

    def __init__(self, obj) -> None:
        self.obj = obj
        self.previous = compat.assigned_action(obj)
        self.previous_fake_user = self.previous.use_fake_user if self.previous else None
        self.created: list = []
        self.modes: dict[str, tuple] = {}

    def new_action(self, name: str):
        action = compat.new_action(name, self.obj)
        self.created.append(action)
        return action

    def copy_previous(self, name: str):
        action = self.previous.copy()
        action.name = name
        self.created.append(action)
        return action

    def quaternions(self, animation) -> None:
        for name, mode in set_quaternion_mode(self.obj, animation).items():
            self.modes.setdefault(name, mode)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace) -> bool:
        if kind is None:
            return False
        for action in self.created:
            bpy.data.actions.remove(action)
        compat.assign(self.obj, self.previous)
        if self.previous is not None:
            self.previous.use_fake_user = self.previous_fake_user
        for name, (mode, quaternion) in self.modes.items():
            self.obj.pose.bones[name].rotation_quaternion = quaternion
            self.obj.pose.bones[name].rotation_mode = mode
        return False


def new_group() -> str:
    return uuid.uuid4().hex[:8]


def variations_of(action) -> list:
    group = action.get("t2m_group") if action else None
    if not group:
        return [action] if action else []
    return sorted((a for a in bpy.data.actions if a.get("t2m_group") == group), key=lambda a: a.get("t2m_variation", 0))
