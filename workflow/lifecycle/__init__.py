"""The lifecycle of a partnership.

The engine compiled from ``states``, moves with their history, access and the
unit of work.
"""
