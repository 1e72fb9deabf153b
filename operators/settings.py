"""Settings the sidebar shows: ``scene.t2m`` (generation, edit range,
in-between), ``object.t2m_rig`` (an armature's bone mapping and retarget
options) and the add-on preferences (device, weight pack, text encoder)."""

import functools

import bpy
from bpy.props import BoolProperty, CollectionProperty, EnumProperty, FloatProperty, IntProperty, StringProperty


def _registry():
    from ..backend.generators import registry

    return registry


def _generator_items():
    """The UI enum, from the registry (the only list of generators)."""
    return tuple((spec.name.upper(), spec.label, f"{spec.description} ({spec.paper})") for spec in _registry().specs())


def _pack_items():
    packs = {}
    for spec in _registry().specs():
        for pack in spec.packs:
            packs.setdefault(pack.name, (pack.name, pack.label, pack.licence))
    return tuple(packs.values()) or (("default", "Default", ""),)


GENERATOR_ITEMS = _generator_items()
PACK_ITEMS = _pack_items()
_ITEMS_ALIVE: list = []  # Blender needs the strings of dynamic enum items kept alive


def user_pack_items(models_folder: str) -> tuple:
    """Packs found in the user's models folder (``<folder>/<generator>/<pack>/``,
    e.g. trained on their own library) that no generator declares."""
    import json
    from pathlib import Path

    if not models_folder or not Path(models_folder).is_dir():
        return ()
    declared = {item[0] for item in PACK_ITEMS}
    found = {}
    for spec in _registry().specs():
        folder = Path(models_folder) / spec.name
        if not folder.is_dir():
            continue
        for pack in sorted(folder.iterdir()):
            info = pack / spec.pack_file
            if pack.name in declared or pack.name in found or not info.is_file():
                continue
            try:
                licence = json.loads(info.read_text()).get("data", {}).get("licence", "")
            except (OSError, ValueError):
                licence = ""
            found[pack.name] = (pack.name, pack.name, f"Your pack ({spec.label}): {licence}" if licence else f"Your pack ({spec.label})")
    return tuple(found.values())


def _pack_enum_items(self, context):
    """The declared packs, then the user's own from the Extra Models folder."""
    import zlib

    folder = bpy.path.abspath(self.models_folder) if getattr(self, "models_folder", "") else ""
    # A fixed number per pack name: Blender stores the number, so a pack added
    # to the list never shifts which pack a saved preference means ("default"
    # is 0, what a fresh preference holds).
    items = tuple((key, label, description, 'NONE', 0 if key == "default" else (zlib.crc32(key.encode()) & 0x3FFFFFFF) | 1)
                  for key, label, description in PACK_ITEMS + user_pack_items(folder))
    _ITEMS_ALIVE[:] = [items]
    return items
ROOT_PACKAGE = __package__.rpartition(".")[0]


def backend_name(generator_item: str) -> str:
    return generator_item.lower()


def sampling_options(source):
    """The sampling values of an operator or ``scene.t2m``: None (the weight
    pack's tuned defaults) unless ``override_sampling`` is on."""
    from ..backend.studio.motion import Options

    compose = getattr(source, "split_composites", True)
    if not source.override_sampling:
        return Options(compose=compose)
    return Options(guidance=source.guidance, steps=source.steps, compose=compose)


def pack_defaults(context, generator_item: str) -> dict:
    """The generic sampling values (guidance, steps) the chosen pack defaults to; {} without a pack."""
    settings = backend_settings(context)
    name = backend_name(generator_item)
    registry = _registry()
    folder = registry.pack_folder(name, settings.pack, root=settings.models_folder or None)
    try:
        stamp = max((p.stat().st_mtime_ns for p in folder.glob("*.json")), default=0)
    except OSError:
        stamp = 0
    return dict(_pack_defaults(name, settings.pack, settings.models_folder, stamp))


@functools.lru_cache(maxsize=32)
def _pack_defaults(name: str, pack: str, models_folder: str, stamp: int) -> tuple:
    """Read once per pack file version (the panel redraws often)."""
    import dataclasses

    registry = _registry()
    try:
        spec = registry.get_spec(name)
        options = registry.pack_options(name, pack, root=models_folder or None)
    except ValueError:
        return ()
    values = dataclasses.asdict(options)
    return tuple((generic, values[field]) for generic, field in spec.ui_options if field in values)


def _copy_pack_defaults(self, context):
    """Turning the override on starts from the pack's values."""
    if self.override_sampling:
        for key, value in pack_defaults(context, self.generator).items():
            limits = self.bl_rna.properties[key]
            setattr(self, key, min(max(value, limits.hard_min), limits.hard_max))


class T2MShotRow(bpy.types.PropertyGroup):
    """One row of the shot timeline (``scene.t2m.shot_rows``)."""

    prompt: StringProperty(name="Prompt", description="What the character does during this row", default="")
    seconds: FloatProperty(name="Seconds", description="How long the row lasts, in seconds of scene time", default=3.0, min=0.1, max=60.0,
                           subtype='TIME_ABSOLUTE', unit='TIME_ABSOLUTE')
    generator: EnumProperty(name="Generator", description="Model that makes this row", items=GENERATOR_ITEMS, default=GENERATOR_ITEMS[0][0])
    seed: IntProperty(name="Seed", description="Random seed of this row", default=0, min=0)
    muted: BoolProperty(name="Muted", description="Leave this row out of the shot", default=False)
    uid: StringProperty(name="Id", description="Which row of a made shot this is (kept when rows move)", default="", options={'HIDDEN'})


class T2MSceneSettings(bpy.types.PropertyGroup):
    """Generation settings of a scene, shown in the sidebar as ``scene.t2m``."""

    prompt: StringProperty(name="Prompt", description="What the character should do", default="")
    seed: IntProperty(name="Seed", description="Random seed; the same seed and prompt give the same motion", default=0, min=0)
    generator: EnumProperty(name="Generator", description="Model that turns the prompt into motion", items=GENERATOR_ITEMS, default=GENERATOR_ITEMS[0][0])
    target_armature: StringProperty(name="Armature", description="Name of the armature object that receives the motion (empty: the active object)", default="")
    length_mode: EnumProperty(name="Length", items=(
        ("AUTO", "Auto", "The model predicts a length that suits the prompt"),
        ("SECONDS", "Seconds", "A length in seconds"),
        ("FRAMES", "Frames", "A length in scene frames"),
    ), default="AUTO")
    seconds: FloatProperty(name="Seconds", description="Length in seconds (within the generator's range)", default=4.0, min=0.1, max=600.0, subtype='TIME_ABSOLUTE', unit='TIME_ABSOLUTE')
    frames: IntProperty(name="Frames", description="Length in scene frames", default=96, min=2)
    start_frame: IntProperty(name="Start Frame", description="Scene frame of the first generated key", default=1)
    variations: IntProperty(name="Variations", description="How many versions to make (separate actions; flip through them)", default=1, min=1, max=8)
    show_advanced: BoolProperty(name="Advanced", default=False)
    override_sampling: BoolProperty(name="Override Sampling", description="Use the guidance and steps below instead of the weight pack's tuned values", default=False, update=_copy_pack_defaults)
    guidance: FloatProperty(name="Guidance", description="Classifier-free guidance scale (higher follows the prompt more closely, less varied)", default=3.0, min=0.0, max=15.0)
    steps: IntProperty(name="Steps", description="Sampling steps", default=10, min=1, max=50)
    split_composites: BoolProperty(name="Split Composite Prompts", description="Make \"walks forward and waves\" clause by clause: the locomotion, with the action's arms (or the action after it), instead of as one prompt", default=True)
    # Edit range
    range_source: EnumProperty(name="Range From", items=(
        ("PREVIEW", "Preview Range", "The scene's preview range"),
        ("MARKERS", "Markers", "Between two timeline markers"),
        ("TYPED", "Typed", "Frames typed below"),
    ), default="TYPED")
    edit_start: IntProperty(name="Start", description="First frame to regenerate", default=1)
    edit_end: IntProperty(name="End", description="Last frame to regenerate (inclusive)", default=48)
    marker_from: StringProperty(name="From Marker", default="")
    marker_to: StringProperty(name="To Marker", default="")
    edit_prompt: StringProperty(name="Prompt", description="What happens inside the range", default="")
    blend: IntProperty(name="Blend", description="Frames inside the range that fade from the existing motion at each seam", default=4, min=0, max=24)
    # In-between
    inbetween_prompt: StringProperty(name="Prompt", description="What happens between the two poses", default="")
    inbetween_mode: EnumProperty(name="Keys", items=(
        ("AROUND", "Around Current Frame", "The keyed frames before and after the current frame"),
        ("SELECTED", "Selected Keys", "Fill between every pair of consecutive selected keyframes"),
        ("TYPED", "Typed", "Between the two frames typed below"),
    ), default="AROUND")
    inbetween_from: IntProperty(name="From", default=1)
    inbetween_to: IntProperty(name="To", default=48)
    # Shot timeline
    shot_rows: CollectionProperty(type=T2MShotRow)
    shot_index: IntProperty(name="Row", default=0, min=0)
    shot_start: IntProperty(name="Start Frame", description="Scene frame of the shot's first key", default=1)
    shot_path: bpy.props.PointerProperty(name="Root Path", description="A curve the character's root follows (empty: where the motion goes)",
                                         type=bpy.types.Object, poll=lambda self, obj: obj.type == 'CURVE')
    shot_path_speed: EnumProperty(name="Speed", items=(
        ("motion", "From the Motion", "The character moves at the generated speed along the curve (and stops at its end)"),
        ("fit", "Fit the Curve", "The shot's travel is stretched so it ends at the curve's end"),
    ), default="motion")
    shot_bridge: IntProperty(name="Bridge", description="Frames at 20 fps regenerated each side of a boundary between rows (a generated transition)",
                             default=10, min=0, max=40)


class T2MBoneSlot(bpy.types.PropertyGroup):
    slot: StringProperty(name="Slot")
    bones: StringProperty(name="Bones", description="Bone names filling this slot, parent first, separated by commas")


class T2MRigSettings(bpy.types.PropertyGroup):
    """An armature's mapping onto the canonical skeleton (``object.t2m_rig``)."""

    preset: StringProperty(name="Preset", default="")
    confidence: FloatProperty(name="Confidence", default=0.0, min=0.0, max=1.0, subtype='FACTOR')
    mapping: CollectionProperty(type=T2MBoneSlot)
    mapping_index: IntProperty(default=0)
    translation_bone: StringProperty(name="Root Motion Bone", default="")
    parent_mode: EnumProperty(name="Parents", items=(
        ("rig", "Rig", "Local rotations relative to each bone's parent in the armature"),
        ("mapped", "Mapped", "Relative to the previous mapped bone (control rigs such as Rigify)"),
    ), default="rig")
    root_motion: EnumProperty(name="Root Motion", items=(
        ("full", "Full", "The character travels as in the generated motion"),
        ("in_place", "In Place", "Horizontal travel removed"),
    ), default="full")
    foot_lock: BoolProperty(name="Foot Locking", description="Pin feet during ground contact (full root motion)", default=True)


def _packages_folder_changed(prefs, context):
    from .dependencies import use_packages_folder

    warning = use_packages_folder(bpy.path.abspath(prefs.packages_folder) if prefs.packages_folder else "")
    if warning:
        print(f"Text2Motion: {warning}")


def apply_packages_folder(context) -> None:
    """At registration: the user's packages folder goes first on sys.path."""
    prefs = preferences(context)
    if prefs is not None and prefs.packages_folder:
        _packages_folder_changed(prefs, context)


class T2MPreferences(bpy.types.AddonPreferences):
    bl_idname = ROOT_PACKAGE

    device: EnumProperty(name="Device", items=(
        ("auto", "Auto", "CUDA GPU when present, else CPU"),
        ("cuda", "CUDA", "NVIDIA GPU"),
        ("cpu", "CPU", "Processor only"),
    ), default="auto")
    pack: EnumProperty(name="Weight Pack", description="Weights every generator uses; packs in your Extra Models folder are listed too",
                       items=_pack_enum_items)
    encoder: EnumProperty(name="Text Encoder", items=(
        ("minilm", "MiniLM (bundled)", "all-MiniLM-L6-v2, what the shipped weights were trained with"),
        ("clip", "CLIP ViT-B/32", "Your own CLIP checkpoint (for weights you trained with CLIP)"),
    ), default="minilm")
    clip_checkpoint: StringProperty(name="CLIP Checkpoint", subtype='FILE_PATH', default="")
    fast_path: BoolProperty(name="Fast Path", description="On a CUDA GPU, replay recorded CUDA graphs (faster at batch 1; recorded once per model load, plain PyTorch if that fails); on a CPU with native bfloat16, run the generators that allow it in bfloat16", default=True)
    threads: IntProperty(name="CPU Threads", description="Threads PyTorch uses on the CPU (0: all cores but one, so Blender stays responsive)", default=0, min=0, max=256)
    packages_folder: StringProperty(name="Python Packages", description="A folder of Python packages used before the bundled ones, e.g. a CUDA build of PyTorch (README, 'GPU'); restart Blender after changing it", subtype='DIR_PATH', default="", update=_packages_folder_changed)
    models_folder: StringProperty(name="Extra Models", description="A folder with more weight packs (<generator>/<pack>/); the bundled packs are always available", subtype='DIR_PATH', default="")

    def draw(self, context):
        from ..panels import draw_preferences

        draw_preferences(self.layout, self)


def preferences(context):
    addon = context.preferences.addons.get(ROOT_PACKAGE)
    return addon.preferences if addon else None


def backend_settings(context):
    """The preferences as the backend's frozen ``Settings``."""
    from ..backend.studio.engine import Settings

    prefs = preferences(context)
    if prefs is None:
        return Settings()
    return Settings(device=prefs.device, pack=prefs.pack, encoder=prefs.encoder, clip_checkpoint=bpy.path.abspath(prefs.clip_checkpoint) if prefs.clip_checkpoint else "", models_folder=bpy.path.abspath(prefs.models_folder) if prefs.models_folder else "", fast_path=prefs.fast_path, threads=prefs.threads)
