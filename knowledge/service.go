package knowledge

import "time"

// Lang is a reply language. Arabizi counts as Arabic.
type Lang string

const (
	AR Lang = "ar"
	EN Lang = "en"
)

// Aspect is the part of a service a question asks about. The empty aspect
// means a general answer (title, summary, and the essentials).
type Aspect string

const (
	AspectNone        Aspect = ""
	AspectFees        Aspect = "fees"
	AspectDocuments   Aspect = "documents"
	AspectSteps       Aspect = "steps"
	AspectTime        Aspect = "time"
	AspectLocation    Aspect = "location"
	AspectEligibility Aspect = "eligibility"
)

// Aspects lists every non-empty aspect, in the order a general answer shows them.
var Aspects = []Aspect{AspectEligibility, AspectDocuments, AspectFees, AspectSteps, AspectTime, AspectLocation}

// Categories are the service categories a record may name.
var Categories = []string{
	"civil-status", "security", "transport", "economy", "municipal", "utilities",
	"social", "health", "education", "labor", "legal", "digital",
}

// Text is one piece of editor-approved text in both languages.
type Text struct {
	AR string `yaml:"ar" json:"ar"`
	EN string `yaml:"en" json:"en"`
}

// In returns the text in lang.
func (t Text) In(l Lang) string {
	if l == EN {
		return t.EN
	}
	return t.AR
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.AR == "" && t.EN == "" }

// Phrases are free phrasings per language (examples, keywords); the two lists
// need not be translations of each other.
type Phrases struct {
	AR []string `yaml:"ar,omitempty" json:"ar,omitempty"`
	EN []string `yaml:"en,omitempty" json:"en,omitempty"`
}

// Fee is one amount a citizen pays, with the condition it applies to.
type Fee struct {
	Amount     float64 `yaml:"amount" json:"amount"`
	Currency   string  `yaml:"currency" json:"currency"` // ISO 4217, e.g. JOD
	Conditions Text    `yaml:"conditions" json:"conditions"`
}

// Office is a place where the service is offered in person.
type Office struct {
	Name  Text `yaml:"name" json:"name"`
	City  Text `yaml:"city" json:"city"`
	Hours Text `yaml:"hours" json:"hours"`
}

// Channels says where and how a citizen applies.
type Channels struct {
	Online  string   `yaml:"online,omitempty" json:"online,omitempty"` // https URL of the e-service
	Phone   string   `yaml:"phone,omitempty" json:"phone,omitempty"`
	Offices []Office `yaml:"offices,omitempty" json:"offices,omitempty"`
}

// Service is one government service: structured, bilingual, versioned.
// It is the only source of facts in a reply.
type Service struct {
	ID             string          `yaml:"id" json:"id"`
	Category       string          `yaml:"category" json:"category"`
	Title          Text            `yaml:"title" json:"title"`
	Summary        Text            `yaml:"summary" json:"summary"`
	Eligibility    []Text          `yaml:"eligibility,omitempty" json:"eligibility,omitempty"`
	Documents      []Text          `yaml:"documents,omitempty" json:"documents,omitempty"`
	Fees           []Fee           `yaml:"fees,omitempty" json:"fees,omitempty"`
	Steps          []Text          `yaml:"steps,omitempty" json:"steps,omitempty"`
	ProcessingTime Text            `yaml:"processing_time" json:"processing_time"`
	Channels       Channels        `yaml:"channels" json:"channels"`
	LegalBasis     Text            `yaml:"legal_basis" json:"legal_basis"`
	Notes          map[Aspect]Text `yaml:"notes,omitempty" json:"notes,omitempty"` // extra approved text shown with one aspect
	Examples       Phrases         `yaml:"examples" json:"examples"`               // how citizens ask for it
	Keywords       Phrases         `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	// NotFor are near misses: requests that sound like this service but
	// that no service offers ("renew a foreign passport", "book a doctor at
	// a private clinic"). The matcher learns them as their own class and
	// declines a question closer to them than to the service.
	NotFor Phrases `yaml:"not_for,omitempty" json:"not_for,omitempty"`
	// ExamplesOnly marks a record imported from labelled example questions
	// (dalil kb import --examples): only id, title and examples are required.
	ExamplesOnly bool      `yaml:"examples_only,omitempty" json:"examples_only,omitempty"`
	Version      int       `yaml:"version" json:"version"`
	Updated      time.Time `yaml:"updated" json:"updated"`
}
