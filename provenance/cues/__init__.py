"""What a news text says about itself, as patterns both the boilerplate and
the lineage stages read: :mod:`.dates` (publication dates in the forms pages
print them) and :mod:`.agencies` (news agencies' names, credits and
datelines)."""
