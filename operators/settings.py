"""Settings the sidebar shows: ``scene.t2m`` (generation, edit range,
in-between), ``object.t2m_rig`` (an armature's bone mapping and retarget
options) and the add-on preferences (device, weight pack, text encoder)."""

import bpy
from bpy.props import BoolProperty, CollectionProperty, EnumProperty, FloatProperty, IntProperty, StringProperty

GENERATOR_ITEMS = (
    ("MOMASK", "MoMask", "Masked residual token transformer"),
    ("BAMM", "BAMM", "Bidirectional autoregressive masked model"),
    ("MLD", "MLD", "Motion latent diffusion"),
    ("REMODIFFUSE", "ReMoDiffuse", "Retrieval-augmented motion diffusion"),
)
PACK_ITEMS = (
    ("default", "Default (non-commercial)", "Trained on CMU + Bandai-Namco motion: CC BY-NC 4.0, non-commercial use only"),
    ("cmu", "CMU only (commercial use)", "Trained on CMU motion capture only: commercial use allowed (the data itself may not be resold)"),
)
ROOT_PACKAGE = __package__.rpartition(".")[0]


def backend_name(generator_item: str) -> str:
    return generator_item.lower()


class T2MSceneSettings(bpy.types.PropertyGroup):
    """Generation settings of a scene, shown in the sidebar as ``scene.t2m``."""

    prompt: StringProperty(name="Prompt", description="What the character should do", default="")
    seed: IntProperty(name="Seed", description="Random seed; the same seed and prompt give the same motion", default=0, min=0)
    generator: EnumProperty(name="Generator", description="Model that turns the prompt into motion", items=GENERATOR_ITEMS, default="MOMASK")
    target_armature: StringProperty(name="Armature", description="Name of the armature object that receives the motion (empty: the active object)", default="")
    length_mode: EnumProperty(name="Length", items=(
        ("AUTO", "Auto", "The model predicts a length that suits the prompt"),
        ("SECONDS", "Seconds", "A length in seconds"),
        ("FRAMES", "Frames", "A length in scene frames"),
    ), default="AUTO")
    seconds: FloatProperty(name="Seconds", default=4.0, min=1.2, max=9.8, subtype='TIME_ABSOLUTE', unit='TIME_ABSOLUTE')
    frames: IntProperty(name="Frames", description="Length in scene frames", default=96, min=2)
    start_frame: IntProperty(name="Start Frame", description="Scene frame of the first generated key", default=1)
    variations: IntProperty(name="Variations", description="How many versions to make (separate actions; flip through them)", default=1, min=1, max=8)
    show_advanced: BoolProperty(name="Advanced", default=False)
    guidance: FloatProperty(name="Guidance", description="Classifier-free guidance scale (higher follows the prompt more closely, less varied)", default=4.0, min=0.0, max=15.0)
    steps: IntProperty(name="Steps", description="Sampling steps", default=10, min=1, max=50)
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


class T2MPreferences(bpy.types.AddonPreferences):
    bl_idname = ROOT_PACKAGE

    device: EnumProperty(name="Device", items=(
        ("auto", "Auto", "CUDA GPU when present, else CPU"),
        ("cuda", "CUDA", "NVIDIA GPU"),
        ("cpu", "CPU", "Processor only"),
    ), default="auto")
    pack: EnumProperty(name="Weight Pack", items=PACK_ITEMS, default="default")
    encoder: EnumProperty(name="Text Encoder", items=(
        ("minilm", "MiniLM (bundled)", "all-MiniLM-L6-v2, what the shipped weights were trained with"),
        ("clip", "CLIP ViT-B/32", "Your own CLIP checkpoint (for weights you trained with CLIP)"),
    ), default="minilm")
    clip_checkpoint: StringProperty(name="CLIP Checkpoint", subtype='FILE_PATH', default="")
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
    return Settings(device=prefs.device, pack=prefs.pack, encoder=prefs.encoder, clip_checkpoint=bpy.path.abspath(prefs.clip_checkpoint) if prefs.clip_checkpoint else "", models_folder=bpy.path.abspath(prefs.models_folder) if prefs.models_folder else "")
