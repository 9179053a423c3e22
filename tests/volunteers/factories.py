import factory
from django.utils import timezone

from volunteers.models import InterestArea, SpokenLanguage, VolunteerApplication


class VolunteerApplicationFactory(factory.django.DjangoModelFactory):
    """An application as the form would have saved it (choices from the seeded lookup tables)."""

    class Meta:
        model = VolunteerApplication
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Volunteer Number{chr(65 + n % 26)}")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")
    email_key = factory.LazyAttribute(lambda o: o.email.lower())
    phone = "+998901234567"
    country = "UZ"
    city = "Tashkent"
    availability = VolunteerApplication.Availability.WEEKLY
    motivation = "I want to help people learn how to migrate safely."
    heard_about = ""
    language = "en"
    consented_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["uz", "ru"]
            self.languages.set(SpokenLanguage.objects.filter(code__in=codes))

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["awareness"]
            self.interests.set(InterestArea.objects.filter(code__in=codes))
