import OpOpTopApp
