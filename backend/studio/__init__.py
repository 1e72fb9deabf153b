"""What the Blender extension calls: pure Python, numpy and torch, no bpy.

* ``engine.Engine``: generators loaded lazily once per (name, pack, device)
  and kept; the text encoder likewise (on the CPU, or on the generator's GPU
  with the fast path on); CUDA when present, CPU otherwise,
  and a CUDA out-of-memory error retried on the CPU with a message.
* ``jobs.JobRunner``: one background job at a time (a second request gets
  ``BusyError``), progress text and fraction, cancellation.
* ``motion``: the generation and edit tasks in scene terms (scene frame
  rate, ranges in scene frames, the context window an edit gives the
  generator) returning canonical positions.
* ``blend``: rig-space seam blending of local rotations for edits.

The Blender layer reads the rig, hands arrays to these functions on a worker
thread, and writes the keyframes it gets back on the main thread.
"""
